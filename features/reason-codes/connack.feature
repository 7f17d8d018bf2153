@area:reason-codes
Feature: CONNACK reason codes
  Whether the broker accepts a connection with 0x00 and refuses one with the exact reason code for
  its cause: client identifier, credentials, authorization, Will topic, connection quota, Will QoS.

  @req:RC-01 @mqtt5
  Scenario: an accepted connection gets CONNACK 0x00
    When client "device" connects with MQTT 5
    Then the CONNACK to "device" has reason code 0x00

  @req:RC-02 @requires:broker-configuration @mqtt5
  Scenario: a client identifier longer than the broker allows is refused with CONNACK 0x85
    # 23 bytes is the length every MQTT server must accept [MQTT-3.1.3-5]
    Given the broker under test is started with this configuration:
      """
      { "limits": { "maxClientIdBytes": 23 } }
      """
    When client "device" connects with MQTT 5 and a client identifier of 24 bytes
    Then the CONNACK to "device" refuses the connection with reason code 0x85

  @req:RC-03 @requires:broker-configuration
  Scenario Outline: a wrong password or missing credentials are refused with <code> over MQTT <version>
    Given the broker under test is started with this configuration:
      """
      { "credentials": [{ "username": "sensor", "password": "s3cret" }] }
      """
    When client "guesser" connects with MQTT <version> as user "sensor" with password "guess"
    And client "anonymous" connects with MQTT <version>
    Then the CONNACK to "guesser" refuses the connection with <kind> code <code>
    And the CONNACK to "anonymous" refuses the connection with <kind> code <code>

    @mqtt311
    Examples: MQTT 3.1.1
      | version | kind   | code |
      | 3.1.1   | return | 0x04 |

    @mqtt5
    Examples: MQTT 5
      | version | kind   | code |
      | 5       | reason | 0x86 |

  @req:RC-04 @requires:broker-configuration
  Scenario Outline: an account not allowed to use a client identifier is refused with <code> over MQTT <version>
    # the "sensor" account may connect as client identifiers ending in "-sensor" only
    Given the broker under test is started with this configuration:
      """
      { "credentials": [{ "username": "sensor", "password": "s3cret", "clientIds": ["*-sensor"] }] }
      """
    When client "sensor" connects with MQTT <version> as user "sensor" with password "s3cret"
    And client "valve" connects with MQTT <version> as user "sensor" with password "s3cret"
    Then the CONNACK to "sensor" accepts the connection
    And the CONNACK to "valve" refuses the connection with <kind> code <code>

    @mqtt311
    Examples: MQTT 3.1.1
      | version | kind   | code |
      | 3.1.1   | return | 0x05 |

    @mqtt5
    Examples: MQTT 5
      | version | kind   | code |
      | 5       | reason | 0x87 |

  @req:RC-05 @mqtt5
  Scenario: a Will topic with a wildcard is refused with CONNACK 0x90
    When client "device" connects with MQTT 5 and a Will on "alarms/#"
    Then the CONNACK to "device" refuses the connection with reason code 0x90

  @req:RC-06 @requires:broker-configuration @mqtt5
  Scenario: a connection beyond the broker's connection quota is refused with CONNACK 0x97
    Given the broker under test is started with this configuration:
      """
      { "quotas": { "maxConnections": 2 } }
      """
    And "device-1" and "device-2" are connected with MQTT 5
    When client "device-3" connects with MQTT 5
    Then the CONNACK to "device-3" refuses the connection with reason code 0x97
    When client "device-1-again" connects with MQTT 5 using the client identifier of "device-1"
    Then the CONNACK to "device-1-again" accepts the connection
    And the broker disconnects "device-1" with reason code 0x8E

  @req:RC-07 @mqtt5
  Scenario: a Will at QoS 2 is refused with CONNACK 0x9B
    When client "device" connects with MQTT 5 and a Will at QoS 2
    Then the CONNACK to "device" refuses the connection with reason code 0x9B
