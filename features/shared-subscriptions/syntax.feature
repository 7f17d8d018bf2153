@area:shared-subscriptions @requires:shared-subscriptions
Feature: Which shared subscription filters the broker accepts
  Whether `$share/{ShareName}/{TopicFilter}` is granted when well formed and refused otherwise, within
  the AWS limits on share names, topic filters and slashes. AWS IoT Core refuses a malformed shared
  filter in the SUBACK; OASIS calls it a protocol error, so under the oasis profile closing the
  connection refuses it too.

  @req:SHR-02
  Scenario Outline: well-formed shared filters are granted over MQTT <version>
    Given client "member" is connected with MQTT <version>
    When "member" subscribes to these filters in one SUBSCRIBE:
      | filter                | QoS |
      | $share/workers/jobs   | 1   |
      | $share/workers/jobs/# | 0   |
    Then the SUBACK to "member" has these reason codes, one per filter:
      | 0x01 |
      | 0x00 |

    @mqtt311 @profile:aws-iot-core
    Examples: MQTT 3.1.1
      | version |
      | 3.1.1   |

    @mqtt5
    Examples: MQTT 5
      | version |
      | 5       |

  @req:SHR-02
  Scenario Outline: malformed shared filters are refused over MQTT <version>: an empty share name, a + or # in it, no topic filter
    # one client per filter: a broker may close the connection over a malformed filter
    Given clients "empty-name", "plus-in-name", "hash-in-name" and "no-filter" are connected with MQTT <version>
    When "empty-name" sends a SUBSCRIBE with:
      | filter | $share//jobs |
      | QoS    | 1            |
    And "plus-in-name" sends a SUBSCRIBE with:
      | filter | $share/work+ers/jobs |
      | QoS    | 1                    |
    And "hash-in-name" sends a SUBSCRIBE with:
      | filter | $share/work#ers/jobs |
      | QoS    | 1                    |
    And "no-filter" sends a SUBSCRIBE with:
      | filter | $share/workers |
      | QoS    | 1              |
    Then the broker refuses the filter of "empty-name" with SUBACK <refusal>
    And the broker refuses the filter of "plus-in-name" with SUBACK <refusal>
    And the broker refuses the filter of "hash-in-name" with SUBACK <refusal>
    And the broker refuses the filter of "no-filter" with SUBACK <refusal>

    @mqtt311 @profile:aws-iot-core
    Examples: MQTT 3.1.1
      | version | refusal |
      | 3.1.1   | 0x80    |

    @mqtt5
    Examples: MQTT 5
      | version | refusal |
      | 5       | 0x8F    |

  @req:SHR-02 @profile:aws-iot-core
  Scenario Outline: a share name may have 128 bytes and the topic filter 7 slashes or 256 bytes, not one more, over MQTT <version>
    # the two slashes of "$share/{ShareName}/" do not count towards the 7; the scenario's
    # namespace is the topic filter's first level
    Given client "member" is connected with MQTT <version>
    When "member" subscribes to a shared filter whose share name has 128 bytes
    Then "member" is granted QoS 1
    When "member" subscribes to a shared filter whose share name has 129 bytes
    Then the SUBACK to "member" refuses the filter
    When "member" subscribes to a shared filter whose topic filter has 8 levels
    Then "member" is granted QoS 1
    When "member" subscribes to a shared filter whose topic filter has 9 levels
    Then the SUBACK to "member" refuses the filter
    When "member" subscribes to a shared filter whose topic filter has 256 bytes
    Then "member" is granted QoS 1
    When "member" subscribes to a shared filter whose topic filter has 257 bytes
    Then the SUBACK to "member" refuses the filter

    @mqtt311
    Examples: MQTT 3.1.1
      | version |
      | 3.1.1   |

    @mqtt5
    Examples: MQTT 5
      | version |
      | 5       |

  @req:SHR-12 @profile:aws-iot-core
  Scenario Outline: a group at its member limit refuses one more member with <code> over MQTT <version>
    Given the broker is configured with:
      | members per shared group | 2 |
    And clients "member-1", "member-2" and "member-3" are connected with MQTT <version>
    And each of "member-1" and "member-2" has subscribed to "$share/workers/jobs" at QoS 1
    When "member-3" subscribes to "$share/workers/jobs" at QoS 1
    Then the SUBACK to "member-3" has these reason codes, one per filter:
      | <code> |
    When "member-3" subscribes to "$share/others/jobs" at QoS 1
    Then "member-3" is granted QoS 1

    @mqtt311
    Examples: MQTT 3.1.1
      | version | code |
      | 3.1.1   | 0x80 |

    @mqtt5
    Examples: MQTT 5
      | version | code |
      | 5       | 0x97 |
