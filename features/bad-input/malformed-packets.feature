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
    Then the broker closes the connection of "rogue" after CONNACK 0x01
    And bystander "bystander" still receives what is published to "heartbeat"

  @req:BAD-02 @mqtt5
  Scenario: an MQTT 5 CONNECT with protocol name "MQXX" is refused, with CONNACK 0x84 where the broker says why, and closed
    Given bystander "bystander" is connected with MQTT 5 and subscribed to "heartbeat"
    When client "rogue" opens a connection with MQTT 5
    And "rogue" sends "a CONNECT with protocol name \"MQXX\""
    Then the broker refuses the connection of "rogue" with CONNACK 0x84
    And bystander "bystander" still receives what is published to "heartbeat"

  # each Examples block names the one requirement its packets break, so that a broker's failure
  # is charged to that requirement alone; closing is what OASIS requires, the DISCONNECT with its
  # code before the close a SHOULD (a note under the oasis profile)
  Scenario Outline: <packet> from a connected MQTT <version> client closes its connection (MQTT 5: DISCONNECT <code>)
    Given bystander "bystander" is connected with MQTT <version> and subscribed to "heartbeat"
    And client "rogue" is connected with MQTT <version>
    When "rogue" sends "<packet>"
    Then the broker closes the connection of "rogue", after DISCONNECT <code> if it speaks MQTT 5
    And bystander "bystander" still receives what is published to "heartbeat"

    @req:BAD-03 @mqtt311
    Examples: a Remaining Length of more than four bytes, MQTT 3.1.1
      | version | packet                                          | code |
      | 3.1.1   | a PUBLISH whose Remaining Length has five bytes | 0x81 |

    @req:BAD-03 @mqtt5
    Examples: a Remaining Length of more than four bytes, MQTT 5
      | version | packet                                          | code |
      | 5       | a PUBLISH whose Remaining Length has five bytes | 0x81 |

    @req:BAD-04 @mqtt311
    Examples: a topic that is not valid UTF-8 or contains U+0000, MQTT 3.1.1
      | version | packet                                          | code |
      | 3.1.1   | a PUBLISH whose topic is not valid UTF-8        | 0x81 |
      | 3.1.1   | a PUBLISH whose topic contains U+0000           | 0x81 |

    @req:BAD-04 @mqtt5
    Examples: a topic that is not valid UTF-8 or contains U+0000, MQTT 5
      | version | packet                                          | code |
      | 5       | a PUBLISH whose topic is not valid UTF-8        | 0x81 |
      | 5       | a PUBLISH whose topic contains U+0000           | 0x81 |

    @req:BAD-05 @mqtt311
    Examples: a wildcard in a PUBLISH topic, MQTT 3.1.1
      | version | packet                                          | code |
      | 3.1.1   | a PUBLISH to a topic with a wildcard            | 0x90 |

    @req:BAD-05 @mqtt5
    Examples: a wildcard in a PUBLISH topic, MQTT 5
      | version | packet                                          | code |
      | 5       | a PUBLISH to a topic with a wildcard            | 0x90 |

    @req:BAD-06 @mqtt311
    Examples: reserved fixed-header flags, MQTT 3.1.1
      | version | packet                                          | code |
      | 3.1.1   | a SUBSCRIBE with fixed-header flags 0000        | 0x81 |

    @req:BAD-06 @mqtt5
    Examples: reserved fixed-header flags, MQTT 5
      | version | packet                                          | code |
      | 5       | a SUBSCRIBE with fixed-header flags 0000        | 0x81 |
      | 5       | an UNSUBSCRIBE with fixed-header flags 0000     | 0x81 |
      | 5       | a PUBREL with fixed-header flags 0000           | 0x81 |

    @req:BAD-07 @mqtt311
    Examples: packet identifier 0 on a QoS 1 PUBLISH, MQTT 3.1.1
      | version | packet                                          | code |
      | 3.1.1   | a QoS 1 PUBLISH with packet identifier 0        | 0x82 |

    @req:BAD-07 @mqtt5
    Examples: packet identifier 0 on a QoS 1 PUBLISH, MQTT 5
      | version | packet                                          | code |
      | 5       | a QoS 1 PUBLISH with packet identifier 0        | 0x82 |

    @req:BAD-08 @mqtt311
    Examples: no topic filter, MQTT 3.1.1
      | version | packet                                          | code |
      | 3.1.1   | a SUBSCRIBE without a topic filter              | 0x82 |

    @req:BAD-08 @mqtt5
    Examples: no topic filter, MQTT 5
      | version | packet                                          | code |
      | 5       | a SUBSCRIBE without a topic filter              | 0x82 |
      | 5       | an UNSUBSCRIBE without a topic filter           | 0x82 |

  Scenario Outline: <packet> is refused and the connection closed, over MQTT <version>
    Given bystander "bystander" is connected with MQTT <version> and subscribed to "heartbeat"
    When client "rogue" opens a connection with MQTT <version>
    And "rogue" sends "<packet>"
    Then the broker closes the connection of "rogue"
    And bystander "bystander" still receives what is published to "heartbeat"

    @req:BAD-04 @mqtt311
    Examples: a client identifier that is not valid UTF-8, MQTT 3.1.1
      | version | packet                                               |
      | 3.1.1   | a CONNECT whose client identifier is not valid UTF-8 |

    @req:BAD-04 @mqtt5
    Examples: a client identifier that is not valid UTF-8, MQTT 5
      | version | packet                                               |
      | 5       | a CONNECT whose client identifier is not valid UTF-8 |

    @req:BAD-11 @mqtt311
    Examples: inconsistent CONNECT flags, MQTT 3.1.1
      | version | packet                                               |
      | 3.1.1   | a CONNECT with the reserved flag set                 |
      | 3.1.1   | a CONNECT with Will QoS 1 but no Will                |

    @req:BAD-11 @mqtt5
    Examples: inconsistent CONNECT flags, MQTT 5
      | version | packet                                               |
      | 5       | a CONNECT with the reserved flag set                 |
      | 5       | a CONNECT with Will QoS 1 but no Will                |

  @req:BAD-09 @profile:aws-iot-core
  Scenario Outline: a PUBLISH of 128 KB is taken, one byte more closes the connection (MQTT 5: DISCONNECT 0x95) and reaches no one, over MQTT <version>
    # 128 KB is AWS IoT Core's maximum packet size [M5-10]
    Given bystander "bystander" is connected with MQTT <version> and subscribed to "parcels/#"
    And client "rogue" is connected with MQTT <version>
    When "bystander" sends a PUBLISH to "parcels/largest" of 131072 bytes
    Then "bystander" receives a message on "parcels/largest"
    When "rogue" sends a PUBLISH to "parcels/huge" of 131073 bytes
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

  @req:BAD-09 @profile:oasis
  Scenario Outline: a PUBLISH of exactly the broker's maximum packet size is taken, one byte more closes the connection (MQTT 5: DISCONNECT 0x95) and reaches no one, over MQTT <version>
    # OASIS sets no maximum below the protocol's 256 MB, so the broker is given one to enforce
    Given the broker is configured with:
      | maximum packet size | 2048 bytes |
    And bystander "bystander" is connected with MQTT <version> and subscribed to "parcels/#"
    And client "rogue" is connected with MQTT <version>
    When "bystander" sends a PUBLISH to "parcels/largest" of exactly the broker's Maximum Packet Size
    Then "bystander" receives a message on "parcels/largest"
    When "rogue" sends a PUBLISH to "parcels/huge" of one byte over the broker's Maximum Packet Size
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
