@area:mqtt5
Feature: PUBLISH properties the broker forwards unchanged
  Whether Response Topic, Correlation Data, Payload Format Indicator, Content Type and User
  Properties reach the subscriber as the publisher sent them, user properties in their order.

  @req:M5-09 @mqtt5
  Scenario: a request's Response Topic and Correlation Data reach the responder, and the response reaches the requester
    Given client "requester" is connected with MQTT 5
    And client "responder" is connected with MQTT 5
    And "requester" has subscribed to "replies/requester" at QoS 1
    And "responder" has subscribed to "requests" at QoS 1
    When "requester" publishes "what time is it" to "requests" at QoS 1 with these properties:
      | Response Topic   | replies/requester |
      | Correlation Data | request-42        |
    Then "responder" receives "what time is it" on "requests" with these properties:
      | Response Topic   | replies/requester |
      | Correlation Data | request-42        |
    When "responder" publishes "noon" to "replies/requester" at QoS 1 with these properties:
      | Correlation Data | request-42 |
    Then "requester" receives "noon" on "replies/requester" with these properties:
      | Correlation Data | request-42 |

  @req:M5-09 @mqtt5
  Scenario: a Response Topic with a wildcard is a protocol error
    Given client "requester" is connected with MQTT 5
    When "requester" sends a PUBLISH breaking the rule that a Response Topic has no wildcards, with:
      | topic          | requests        |
      | payload        | what time is it |
      | Response Topic | replies/+       |
    Then the broker disconnects "requester" with reason code 0x82

  @req:M5-11 @mqtt5
  Scenario: Payload Format Indicator and Content Type reach the subscriber unchanged
    Given client "subscriber" is connected with MQTT 5
    And client "publisher" is connected with MQTT 5
    And "subscriber" has subscribed to "documents" at QoS 1
    When "publisher" publishes "{\"on\":true}" to "documents" at QoS 1 with these properties:
      | Payload Format Indicator | 1                |
      | Content Type             | application/json |
    Then "subscriber" receives "{\"on\":true}" on "documents" with these properties:
      | Payload Format Indicator | 1                |
      | Content Type             | application/json |

  @req:M5-12 @mqtt5
  Scenario: user properties arrive in the order sent, repeated names kept
    Given client "subscriber" is connected with MQTT 5
    And client "publisher" is connected with MQTT 5
    And "subscriber" has subscribed to "tagged" at QoS 1
    When "publisher" publishes "tagged message" to "tagged" at QoS 1 with these user properties in this order:
      | b | 1 |
      | a | 2 |
      | b | 3 |
      | c | 4 |
      | a | 5 |
    Then "subscriber" receives "tagged message" on "tagged" with these user properties in this order:
      | b | 1 |
      | a | 2 |
      | b | 3 |
      | c | 4 |
      | a | 5 |

  @req:M5-12 @mqtt5
  Scenario: user properties are accepted on CONNECT, Will, SUBSCRIBE, PUBLISH, UNSUBSCRIBE and DISCONNECT
    Given client "watcher" is connected with MQTT 5
    And "watcher" has subscribed to "wills/device" at QoS 1
    And client "device" is connected with MQTT 5 and these CONNECT fields:
      | User Property      | site=north   |
      | Will topic         | wills/device |
      | Will User Property | reason=lost  |
    When "device" subscribes with:
      | filter        | tagged       |
      | QoS           | 1            |
      | User Property | purpose=test |
    Then "device" is granted QoS 1
    When "device" publishes "hello" to "tagged" at QoS 1 with these properties:
      | User Property | origin=device |
    Then "device" receives "hello" on "tagged"
    When "device" unsubscribes with:
      | filter        | tagged       |
      | User Property | purpose=test |
    Then the UNSUBACK to "device" has these reason codes, one per filter:
      | 0x00 |
    When "device" disconnects with:
      | User Property | why=done |
    Then "watcher" receives nothing on "wills/device"
