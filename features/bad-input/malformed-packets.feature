@area:bad-input
Feature: Malformed and protocol-violating packets
  Whether a packet that breaks the protocol closes only the connection that sent it (MQTT 5: after
  DISCONNECT with the reason code the rule gives), while a bystander client carries on undisturbed.

  @req:BAD-01
  Scenario Outline: a first packet other than CONNECT closes the connection, over MQTT <version>
    # the CONNECT right behind the SUBSCRIBE must go unanswered: the connection is already over
    Given bystander "bystander" is connected with MQTT <version> and subscribed to "heartbeat"
    When client "rogue" opens a connection with MQTT <version>
    And "rogue" sends "a SUBSCRIBE, then a CONNECT"
    Then the broker closes the connection of "rogue" without a CONNACK
    And bystander "bystander" still receives what is published to "heartbeat"

    @mqtt311
    Examples: MQTT 3.1.1
      | version |
      | 3.1.1   |

    @mqtt5
    Examples: MQTT 5
      | version |
      | 5       |

  @req:BAD-02 @mqtt311
  Scenario: a CONNECT with protocol level 7 is refused with CONNACK 0x01 and closed
    Given bystander "bystander" is connected with MQTT 3.1.1 and subscribed to "heartbeat"
    When client "rogue" opens a connection with MQTT 3.1.1
    And "rogue" sends "a CONNECT with protocol level 7"
    Then the broker answers "rogue" with CONNACK code 0x01 and closes the connection
    And bystander "bystander" still receives what is published to "heartbeat"

  @req:BAD-02 @mqtt5
  Scenario: an MQTT 5 CONNECT with protocol name "MQXX" is refused with CONNACK 0x84 and closed
    Given bystander "bystander" is connected with MQTT 5 and subscribed to "heartbeat"
    When client "rogue" opens a connection with MQTT 5
    And "rogue" sends "a CONNECT with protocol name \"MQXX\""
    Then the broker answers "rogue" with CONNACK code 0x84 and closes the connection
    And bystander "bystander" still receives what is published to "heartbeat"

  @req:BAD-03 @req:BAD-04 @req:BAD-05 @req:BAD-06 @req:BAD-07 @req:BAD-08
  Scenario Outline: <packet> from a connected MQTT <version> client closes its connection (MQTT 5: DISCONNECT <code>)
    Given bystander "bystander" is connected with MQTT <version> and subscribed to "heartbeat"
    And client "rogue" is connected with MQTT <version>
    When "rogue" sends "<packet>"
    Then the broker closes the connection of "rogue", after DISCONNECT <code> if it speaks MQTT 5
    And bystander "bystander" still receives what is published to "heartbeat"

    @mqtt311
    Examples: MQTT 3.1.1
      | version | packet                                           | code |
      | 3.1.1   | a PUBLISH whose Remaining Length has five bytes  | 0x81 |
      | 3.1.1   | a PUBLISH whose topic is not valid UTF-8         | 0x81 |
      | 3.1.1   | a PUBLISH whose topic contains U+0000            | 0x81 |
      | 3.1.1   | a PUBLISH to a topic with a wildcard             | 0x90 |
      | 3.1.1   | a SUBSCRIBE with fixed-header flags 0000         | 0x81 |
      | 3.1.1   | a QoS 1 PUBLISH with packet identifier 0         | 0x82 |
      | 3.1.1   | a SUBSCRIBE without a topic filter               | 0x82 |

    @mqtt5 @req:RC-11 @req:RC-14
    Examples: MQTT 5
      | version | packet                                           | code |
      | 5       | a PUBLISH whose Remaining Length has five bytes  | 0x81 |
      | 5       | a PUBLISH whose topic is not valid UTF-8         | 0x81 |
      | 5       | a PUBLISH whose topic contains U+0000            | 0x81 |
      | 5       | a PUBLISH to a topic with a wildcard             | 0x90 |
      | 5       | a SUBSCRIBE with fixed-header flags 0000         | 0x81 |
      | 5       | an UNSUBSCRIBE with fixed-header flags 0000      | 0x81 |
      | 5       | a PUBREL with fixed-header flags 0000            | 0x81 |
      | 5       | a QoS 1 PUBLISH with packet identifier 0         | 0x82 |
      | 5       | a SUBSCRIBE without a topic filter               | 0x82 |
      | 5       | an UNSUBSCRIBE without a topic filter            | 0x82 |

  @req:BAD-04 @req:BAD-11
  Scenario Outline: <packet> is refused and the connection closed, over MQTT <version>
    Given bystander "bystander" is connected with MQTT <version> and subscribed to "heartbeat"
    When client "rogue" opens a connection with MQTT <version>
    And "rogue" sends "<packet>"
    Then the broker closes the connection of "rogue"
    And bystander "bystander" still receives what is published to "heartbeat"

    @mqtt311
    Examples: MQTT 3.1.1
      | version | packet                                               |
      | 3.1.1   | a CONNECT whose client identifier is not valid UTF-8 |
      | 3.1.1   | a CONNECT with the reserved flag set                 |
      | 3.1.1   | a CONNECT with Will QoS 1 but no Will                |

    @mqtt5
    Examples: MQTT 5
      | version | packet                                               |
      | 5       | a CONNECT whose client identifier is not valid UTF-8 |
      | 5       | a CONNECT with the reserved flag set                 |
      | 5       | a CONNECT with Will QoS 1 but no Will                |

  @req:BAD-09
  Scenario Outline: a PUBLISH over the broker's maximum packet size closes the connection (MQTT 5: DISCONNECT 0x95) and reaches no one, over MQTT <version>
    # 132096 bytes (129 KB) is over the 128 KB every AWS-like broker must refuse; an OASIS broker
    # without a maximum may take it, so the size is the reference broker's configured maximum + 1
    Given bystander "bystander" is connected with MQTT <version> and subscribed to "parcels/#"
    And client "rogue" is connected with MQTT <version>
    When "rogue" sends a PUBLISH packet of 132096 bytes to "parcels/huge"
    Then the broker closes the connection of "rogue", after DISCONNECT 0x95 if it speaks MQTT 5
    And "bystander" receives nothing on "parcels/huge"
    And bystander "bystander" still receives what is published to "parcels/small"

    @mqtt311
    Examples: MQTT 3.1.1
      | version |
      | 3.1.1   |

    @mqtt5
    Examples: MQTT 5
      | version |
      | 5       |
