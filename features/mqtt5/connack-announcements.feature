@area:mqtt5
Feature: What the MQTT 5 CONNACK announces
  Whether the broker's CONNACK states the limits and features clients must respect: topic aliases,
  packet size, wildcard and shared subscriptions, no subscription identifiers, the keep-alive it
  assigns, and an identifier for a client that sent none.

  @req:M5-17 @profile:aws-iot-core @mqtt5
  Scenario: the CONNACK announces wildcard subscriptions as available and subscription identifiers as not
    When client "device" connects with MQTT 5
    Then the CONNACK to "device" has these properties:
      | Wildcard Subscription Available   | 1 or absent |
      | Subscription Identifier Available | 0           |

  @req:M5-02 @profile:aws-iot-core @mqtt5
  Scenario: the CONNACK announces a Topic Alias Maximum of 8
    When client "device" connects with MQTT 5
    Then the CONNACK to "device" has these properties:
      | Topic Alias Maximum | 8 |

  @req:M5-10 @profile:aws-iot-core @mqtt5
  Scenario: the CONNACK announces a Maximum Packet Size of at most 128 KB
    When client "device" connects with MQTT 5
    Then the CONNACK to "device" has these properties:
      | Maximum Packet Size | at most 131072 |

  @req:M5-14 @profile:aws-iot-core @mqtt5
  Scenario: a client asking for no keep-alive is assigned one with Server Keep Alive
    When client "device" connects with MQTT 5 and keep-alive 0 s
    Then the CONNACK to "device" has these properties:
      | Server Keep Alive | at least 1 |

  @req:M5-13 @mqtt5
  Scenario: two clients with an empty client identifier are each assigned a different one
    When clients "device-1" and "device-2" connect with MQTT 5 and a client identifier of 0 bytes
    Then the CONNACKs to "device-1" and "device-2" each assign a different client identifier
