@area:reason-codes
Feature: CONNACK reason codes
  Whether the broker accepts a connection with 0x00 and refuses one with the reason code for its
  cause: client identifier, credentials, authorization, Will topic, connection quota. OASIS lets a
  broker refuse a CONNECT without a CONNACK at all (it must close the connection), so under the
  oasis profile the code is a MAY: a broker that closes without one gets a note.

  @req:RC-01 @mqtt5
  Scenario: an accepted connection gets CONNACK 0x00
    When client "device" connects with MQTT 5
    Then the CONNACK to "device" accepts the connection

  @req:RC-02 @mqtt5
  Scenario: a client identifier longer than the broker allows is refused with CONNACK 0x85
    # 23 bytes is the length every MQTT server must accept [MQTT-3.1.3-5]
    Given the broker is configured with:
      | longest client identifier | 23 bytes |
    When client "longest" connects with MQTT 5 and these CONNECT fields:
      | client identifier | the longest the broker allows |
    And client "device" connects with MQTT 5 and these CONNECT fields:
      | client identifier | one byte longer than the broker allows |
    Then the CONNACK to "longest" accepts the connection
    And the broker refuses the connection of "device" with CONNACK 0x85

  @req:RC-03
  Scenario Outline: a wrong password is refused with <wrong>, and missing credentials with <missing>, over MQTT <version>
    Given the broker is configured with these accounts:
      | user   | password |
      | sensor | s3cret   |
    When client "guesser" connects with MQTT <version> as user "sensor" with password "guess"
    And client "anonymous" connects with MQTT <version> and these CONNECT fields:
      | credentials | none |
    Then the broker refuses the connection of "guesser" with CONNACK <wrong>
    And the broker refuses the connection of "anonymous" with CONNACK <missing>

    @mqtt311
    Examples: MQTT 3.1.1 (return codes)
      | version | wrong | missing      |
      | 3.1.1   | 0x04  | 0x04 or 0x05 |

    @mqtt5
    Examples: MQTT 5 (reason codes)
      | version | wrong | missing      |
      | 5       | 0x86  | 0x86 or 0x87 |

  @req:RC-04
  Scenario Outline: an account not allowed to use a client identifier is refused with <code> over MQTT <version>
    Given the broker is configured with these accounts:
      | user   | password | may connect as |
      | sensor | s3cret   | sensor         |
    When client "sensor" connects with MQTT <version> as user "sensor" with password "s3cret"
    And client "valve" connects with MQTT <version> as user "sensor" with password "s3cret"
    Then the CONNACK to "sensor" accepts the connection
    And the broker refuses the connection of "valve" with CONNACK <code>

    @mqtt311
    Examples: MQTT 3.1.1 (return code)
      | version | code |
      | 3.1.1   | 0x05 |

    @mqtt5
    Examples: MQTT 5 (reason code)
      | version | code |
      | 5       | 0x87 |

  @req:RC-05 @mqtt5
  Scenario: a Will topic with a wildcard is refused with CONNACK 0x90
    When client "device" connects with MQTT 5 and a Will on "alarms/#"
    Then the broker refuses the connection of "device" with CONNACK 0x90

  @req:RC-06 @mqtt5
  Scenario: a connection beyond the broker's connection quota is refused with CONNACK 0x97
    # the quota counts every client of the broker, so the scenario has a broker of its own
    Given a broker of the scenario's own, configured with:
      | connections | 2 |
    And clients "device-1" and "device-2" are connected with MQTT 5
    When client "device-3" connects with MQTT 5
    Then the broker refuses the connection of "device-3" with CONNACK 0x97
    When client "device-1-again" connects with MQTT 5 using the client identifier of "device-1"
    Then the CONNACK to "device-1-again" accepts the connection
    And the broker closes the connection of "device-1"

  @req:RC-07 @profile:aws-iot-core @mqtt5
  Scenario: a Will at QoS 2 is refused with CONNACK 0x9B
    When client "device" connects with MQTT 5 and a Will at QoS 2
    Then the broker refuses the connection of "device" with CONNACK 0x9B
