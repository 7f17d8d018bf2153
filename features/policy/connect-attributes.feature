@area:policy @profile:aws-iot-core @requires:policy
Feature: Connection policy and connectAttributes
  Whether a policy decides which clients may connect, and which may use a persistent session
  (the PersistentConnect attribute) or a Will (the LastWill attribute); without an attribute the
  connection must be clean and Will-less.

  Background:
    Given the broker under test enforces this connection policy:
      | client ID | may connect | connectAttributes           |
      | gateway-* | yes         | PersistentConnect, LastWill |
      | sensor-*  | yes         |                             |
      | retired-* | no          |                             |

  @req:ATR-01
  Scenario Outline: a persistent session needs the PersistentConnect attribute, over MQTT <version>
    When client "sensor-1" connects with MQTT <version> and a persistent session
    Then the broker refuses "sensor-1" as not authorized
    When client "sensor-2" connects with MQTT <version>
    Then the CONNACK to "sensor-2" accepts the connection
    When client "gateway-1" connects with MQTT <version> and a persistent session
    Then the CONNACK to "gateway-1" accepts the connection

    @mqtt311
    Examples: MQTT 3.1.1, cleanSession=0
      | version |
      | 3.1.1   |

    @mqtt5
    Examples: MQTT 5, a Session Expiry Interval
      | version |
      | 5       |

  @req:ATR-02
  Scenario Outline: a Will needs the LastWill attribute, over MQTT <version>
    When client "sensor-1" connects with MQTT <version> and a Will
    Then the broker refuses "sensor-1" as not authorized
    When client "gateway-1" connects with MQTT <version> and a Will
    Then the CONNACK to "gateway-1" accepts the connection

    @mqtt311
    Examples: MQTT 3.1.1
      | version |
      | 3.1.1   |

    @mqtt5
    Examples: MQTT 5
      | version |
      | 5       |

  @req:ATR-03
  Scenario Outline: a client the policy does not allow to connect is refused as not authorized, over MQTT <version>
    When client "stranger" connects with MQTT <version>
    Then the broker refuses "stranger" as not authorized
    When client "retired-1" connects with MQTT <version>
    Then the broker refuses "retired-1" as not authorized
    When client "sensor-1" connects with MQTT <version>
    Then the CONNACK to "sensor-1" accepts the connection

    @mqtt311
    Examples: MQTT 3.1.1, return code 5
      | version |
      | 3.1.1   |

    @mqtt5
    Examples: MQTT 5, reason code 0x87
      | version |
      | 5       |
