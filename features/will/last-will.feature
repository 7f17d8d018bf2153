@area:will
Feature: When the broker publishes a client's Last Will
  Whether the Will given at CONNECT is published on every disconnection the client did not
  initiate (dropped socket, protocol error, session takeover, MQTT 5 DISCONNECT 0x04), and
  discarded on a normal DISCONNECT.

  @req:LWT-01 @req:LWT-02
  Scenario Outline: the Will of a client whose connection drops is published to the Will topic's subscribers, over MQTT <version>
    Given client "monitor" is connected with MQTT <version>
    And "monitor" has subscribed to "devices/d1/status" at QoS 1
    And [LWT-01] client "device" is connected with MQTT <version> and a Will of "d1 offline" on "devices/d1/status"
    When "device" drops its connection
    Then [LWT-02] "monitor" receives the Will of "device"

    @mqtt311
    Examples: MQTT 3.1.1
      | version |
      | 3.1.1   |

    @mqtt5
    Examples: MQTT 5
      | version |
      | 5       |

  @req:LWT-02 @mqtt311
  Scenario: the Will of a client closed for a protocol violation is published
    Given client "monitor" is connected with MQTT 3.1.1
    And "monitor" has subscribed to "devices/d1/status" at QoS 1
    And client "device" is connected with MQTT 3.1.1 and a Will of "d1 offline" on "devices/d1/status"
    When "device" sends CONNECT again
    Then the broker closes the connection of "device", unless it lets the violation pass
    And "monitor" receives the Will of "device"

  @req:LWT-03
  Scenario Outline: the Will of a client that disconnects normally (MQTT 5: reason code 0x00) is discarded, over <versions>
    Given client "monitor" is connected with MQTT <newer>
    And "monitor" has subscribed to "devices/+/status" at QoS 1
    And client "old-device" is connected with MQTT 3.1.1 and a Will of "old offline" on "devices/old/status"
    And client "new-device" is connected with MQTT <newer> and a Will of "new offline" on "devices/new/status"
    When "old-device" disconnects
    And "new-device" disconnects
    Then "monitor" receives nothing on any of these topics:
      | devices/old/status |
      | devices/new/status |

    @mqtt311 @mqtt5
    Examples: MQTT 3.1.1 and 5
      | versions         | newer |
      | MQTT 3.1.1 and 5 | 5     |

    # a broker without MQTT 5 is judged with MQTT 3.1.1 clients alone; one with it, by the above
    @mqtt311 @without-mqtt5
    Examples: MQTT 3.1.1 alone
      | versions         | newer |
      | MQTT 3.1.1 alone | 3.1.1 |

  @req:LWT-04 @profile:aws-iot-core
  Scenario Outline: the Will is published when another connection takes over the client identifier, over MQTT <version>
    Given client "monitor" is connected with MQTT <version>
    And "monitor" has subscribed to "devices/d1/status" at QoS 1
    And client "device" is connected with MQTT <version> and a Will of "d1 offline" on "devices/d1/status"
    When client "replacement" connects with MQTT <version> using the client identifier of "device"
    Then the broker closes the connection of "device"
    And "monitor" receives the Will of "device"

    @mqtt311
    Examples: MQTT 3.1.1
      | version |
      | 3.1.1   |

    @mqtt5
    Examples: MQTT 5
      | version |
      | 5       |

  @req:LWT-10 @mqtt5
  Scenario: DISCONNECT with reason code 0x04 publishes the Will
    Given client "monitor" is connected with MQTT 5
    And "monitor" has subscribed to "devices/d1/status" at QoS 1
    And client "device" is connected with MQTT 5 and a Will of "d1 offline" on "devices/d1/status"
    When "device" disconnects with:
      | reason code | 0x04 |
    Then "monitor" receives the Will of "device"
