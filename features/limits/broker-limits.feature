@area:limits @profile:aws-iot-core
Feature: AWS IoT Core's message-broker limits
  Whether the broker serves keep-alive within its bounds [LIM-01], takes at most so many filters
  in one SUBSCRIBE [LIM-02] and so many subscriptions in one session [LIM-03], accepts one CONNECT
  a second per client identifier [LIM-04], slows down a client over its throughput instead of
  refusing it [LIM-05], and leaves at most so many QoS 1 messages unacknowledged towards an MQTT
  3.1.1 client as towards an MQTT 5 one [LIM-06]. AWS's values are long or large (keep-alive 30 to
  1200 s, 50 subscriptions, 512 KiB/s); scenarios set small ones, or take the broker's own, and
  probe each limit on both sides.

  @req:LIM-01 @mqtt311 @slow
  Scenario: keep-alives of 0, 1 and 9 s asked by MQTT 3.1.1 clients are served within the bounds [2, 4] s
    Given the broker is configured with:
      | shortest keep-alive | 2 s |
      | longest keep-alive  | 4 s |
    When client "brief" connects with MQTT 3.1.1 and keep-alive 1 s
    And client "none" connects with MQTT 3.1.1 and keep-alive 0 s
    And client "long" connects with MQTT 3.1.1 and keep-alive 9 s
    And "brief" falls silent
    And "none" falls silent
    And "long" falls silent
    Then the broker closes the connection of "brief" 1.5 times the keep-alive the broker serves it after its last packet
    And the broker closes the connection of "none" 1.5 times the keep-alive the broker serves it after its last packet
    And the broker closes the connection of "long" 1.5 times the keep-alive the broker serves it after its last packet

  @req:LIM-01 @mqtt5 @slow
  Scenario: MQTT 5 clients asking for keep-alives of 0, 1 and 9 s are told the served one by Server Keep Alive, and held to it
    Given the broker is configured with:
      | shortest keep-alive | 2 s |
      | longest keep-alive  | 4 s |
    When client "brief" connects with MQTT 5 and keep-alive 1 s
    And client "none" connects with MQTT 5 and keep-alive 0 s
    And client "long" connects with MQTT 5 and keep-alive 9 s
    Then the CONNACK to "brief" has these properties:
      | Server Keep Alive | 2 |
    And the CONNACK to "none" has these properties:
      | Server Keep Alive | 4 |
    And the CONNACK to "long" has these properties:
      | Server Keep Alive | 4 |
    When "brief" falls silent
    And "none" falls silent
    And "long" falls silent
    Then the broker closes the connection of "brief" 1.5 times its keep-alive after its last packet
    And the broker closes the connection of "none" 1.5 times its keep-alive after its last packet
    And the broker closes the connection of "long" 1.5 times its keep-alive after its last packet

  @req:LIM-02
  Scenario Outline: a SUBSCRIBE of as many filters as allowed is granted; with one more none of them is, over MQTT <version>
    Given client "reader" is connected with MQTT <version>
    When "reader" subscribes in one SUBSCRIBE to as many filters as the filters-per-SUBSCRIBE limit allows, under "allowed"
    Then the SUBACK to "reader" grants every filter
    When "reader" subscribes in one SUBSCRIBE to one filter more than the filters-per-SUBSCRIBE limit allows, under "excess"
    Then the SUBACK to "reader" refuses every filter, or the broker disconnects it with 0x97

    @mqtt311
    Examples: MQTT 3.1.1
      | version |
      | 3.1.1   |

    @mqtt5
    Examples: MQTT 5
      | version |
      | 5       |

  @req:LIM-03
  Scenario Outline: a session holds subscriptions up to its limit; the next is refused and the earlier ones keep delivering, over MQTT <version>
    Given the broker is configured with:
      | subscriptions per session | 3 |
    And client "reader" is connected with MQTT <version>
    And client "writer" is connected with MQTT <version>
    When "reader" subscribes one filter at a time to as many filters as the subscription limit allows, under "inbox"
    Then the SUBACK to "reader" grants every filter
    When "reader" subscribes to "overflow" at QoS 1
    Then the SUBACK to "reader" refuses every filter, or the broker disconnects it with 0x97
    When "writer" publishes "still delivered" to "inbox/1" at QoS 1
    Then "reader" receives "still delivered" on "inbox/1"

    @mqtt311
    Examples: MQTT 3.1.1
      | version |
      | 3.1.1   |

    @mqtt5
    Examples: MQTT 5
      | version |
      | 5       |

  @req:LIM-04
  Scenario Outline: a second CONNECT of a client identifier within a second is refused and takes nothing over; after it a takeover works, over MQTT <version>
    Given client "device" is connected with MQTT <version>
    When client "hasty" connects with MQTT <version> using the client identifier of "device", within the CONNECT rate window
    Then the broker refuses the connection of "hasty" with CONNACK <codes>
    And "device" still answers PINGREQ
    When client "patient" connects with MQTT <version> using the client identifier of "device"
    Then the CONNACK to "patient" accepts the connection
    And the broker closes the connection of "device"

    @mqtt311
    Examples: MQTT 3.1.1
      | version | codes |
      | 3.1.1   | 0x03  |

    @mqtt5
    Examples: MQTT 5
      | version | codes        |
      | 5       | 0x9F or 0x97 |

  @req:LIM-05 @mqtt311 @slow
  Scenario: a client sending faster than its throughput allows is slowed down, not refused: everything arrives, spread as the cap allows
    Given the broker is configured with:
      | bytes per connection | 65536 per second |
    And client "subscriber" is connected with MQTT 3.1.1
    And "subscriber" has subscribed to "bulk" at QoS 0
    And client "publisher" is connected with MQTT 3.1.1
    When "publisher" publishes numbered messages 1 to 16 of 16384 bytes each to "bulk" at QoS 0
    Then "subscriber" receives each of the numbered messages 1 to 16 on "bulk", spread as the bytes per connection of "publisher" allow

  @req:LIM-06
  Scenario Outline: the broker leaves no more QoS 1 messages unacknowledged than its in-flight limit; the rest wait and none is lost, over MQTT <version>
    Given the broker is configured with:
      | unacknowledged messages per client | 5 |
    And client "slow" is connected with MQTT <version>
    And "slow" has subscribed to "jobs" at QoS 1
    And "slow" withholds its PUBACKs
    And client "dispatcher" is connected with MQTT <version>
    When "dispatcher" publishes 7 numbered messages more than the in-flight limit to "jobs" at QoS 1
    Then "slow" receives exactly the in-flight limit of the numbered messages on "jobs"
    When "slow" acknowledges every PUBLISH it received and, from now on, each one as it arrives
    Then "slow" receives each of the 7 numbered messages more than the in-flight limit on "jobs"

    @mqtt311
    Examples: MQTT 3.1.1
      | version |
      | 3.1.1   |

    @mqtt5
    Examples: MQTT 5
      | version |
      | 5       |
