@area:reason-codes
Feature: SUBACK and UNSUBACK reason codes
  Whether one SUBSCRIBE or UNSUBSCRIBE with several filters gets one reason code per filter, each
  the exact one for that filter.

  @req:RC-16 @requires:broker-configuration @mqtt5
  Scenario: a SUBSCRIBE mixing granted and refused filters gets one reason code per filter
    # the account may subscribe below "<namespace>/readings/" only; filters may have 3 slashes; a
    # shared group takes 1 member, and "other" is already in "$share/g/readings/+"
    Given the broker under test is started with this configuration:
      """
      {
        "credentials": [{ "username": "reader", "password": "s3cret", "subscribe": ["+/readings/#"] }],
        "limits": { "maxTopicSlashes": 3 },
        "quotas": { "maxSharedSubscriptionMembers": 1 }
      }
      """
    And client "other" connects with MQTT 5 as user "reader" with password "s3cret"
    And "other" has subscribed to "$share/g/readings/+" at QoS 1
    And client "reader" connects with MQTT 5 as user "reader" with password "s3cret"
    When "reader" subscribes to these filters in one SUBSCRIBE:
      | filter               | QoS |
      | readings/temp        | 0   |
      | readings/+           | 1   |
      | readings/a/b/c       | 1   |
      | alarms/#             | 1   |
      | $share/g/readings/+  | 1   |
    Then the SUBACK to "reader" has these reason codes, one per filter:
      | 0x00 |
      | 0x01 |
      | 0x8F |
      | 0x87 |
      | 0x97 |

  @req:RC-17 @requires:broker-configuration @mqtt5
  Scenario: an UNSUBSCRIBE from an existing, a missing and a refused filter gets one reason code per filter
    Given the broker under test is started with this configuration:
      """
      { "limits": { "maxTopicSlashes": 3 } }
      """
    And client "reader" is connected with MQTT 5
    And "reader" has subscribed to "readings/temp" at QoS 1
    When "reader" unsubscribes from these filters in one UNSUBSCRIBE:
      | readings/temp  |
      | readings/humid |
      | readings/a/b/c |
    Then the UNSUBACK to "reader" has these reason codes, one per filter:
      | 0x00         |
      | 0x00 or 0x11 |
      | 0x8F         |
