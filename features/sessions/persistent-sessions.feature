@area:sessions
Feature: Creating, resuming and ending persistent sessions
  Whether cleanSession (MQTT 3.1.1) and Clean Start with a Session Expiry Interval (MQTT 5) create,
  resume and end sessions as CONNACK's session-present flag says, and what a resumed session holds.

  Scenario Outline: a persistent connection creates a session, and the next one resumes it, over MQTT <version>
    Given client "device" is connected with MQTT <version> and a persistent session
    Then the CONNACK to "device" says no session is present
    When "device" disconnects
    And "device" reconnects with MQTT <version> and its persistent session
    Then the CONNACK to "device" says a session is present

    @req:SES-01 @mqtt311
    Examples: MQTT 3.1.1, cleanSession=0
      | version |
      | 3.1.1   |

    @req:SES-05 @mqtt5
    Examples: MQTT 5, Clean Start=0 and a Session Expiry Interval
      | version |
      | 5       |

  Scenario Outline: a clean connection ends the stored session and keeps nothing after it, over MQTT <version>
    Given client "subscriber" is connected with MQTT <version> and a persistent session
    And client "publisher" is connected with MQTT <version>
    And "subscriber" has subscribed to "orders/new" at QoS 1
    When "subscriber" disconnects
    And "publisher" publishes "order-1" to "orders/new" at QoS 1
    And "subscriber" reconnects with MQTT <version> and a clean session
    Then the CONNACK to "subscriber" says no session is present
    And "subscriber" receives nothing on "orders/new"
    When "subscriber" disconnects
    And "subscriber" reconnects with MQTT <version> and its persistent session
    Then the CONNACK to "subscriber" says no session is present

    @req:SES-02 @mqtt311
    Examples: MQTT 3.1.1, cleanSession=1
      | version |
      | 3.1.1   |

    @req:SES-05 @mqtt5
    Examples: MQTT 5, Clean Start=1 and no Session Expiry Interval
      | version |
      | 5       |

  @req:SES-03 @mqtt5
  Scenario: Clean Start=1 ends an existing MQTT 5 session even when the new one is persistent
    Given "subscriber" connects with MQTT 5, Clean Start 0 and Session Expiry Interval 300
    And client "publisher" is connected with MQTT 5
    And "subscriber" has subscribed to "orders/new" at QoS 1
    When "subscriber" disconnects
    And "subscriber" connects with MQTT 5, Clean Start 1 and Session Expiry Interval 300
    Then the CONNACK to "subscriber" says no session is present
    When "publisher" publishes "order-2" to "orders/new" at QoS 1
    Then "subscriber" receives nothing on "orders/new"

  @req:SES-06 @profile:aws-iot-core @mqtt311 @mqtt5
  Scenario Outline: a persistent session made over MQTT <first> is not resumed over MQTT <second>
    Given client "device" is connected with MQTT <first> and a persistent session
    When "device" disconnects
    And "device" reconnects with MQTT <second> and its persistent session
    Then the CONNACK to "device" says no session is present

    Examples:
      | first | second |
      | 3.1.1 | 5      |
      | 5     | 3.1.1  |

  @req:SES-07
  Scenario Outline: a resumed session has its subscriptions back without SUBSCRIBE and gets its stored messages after the CONNACK, over MQTT <version>
    Given client "subscriber" is connected with MQTT <version> and a persistent session
    And client "publisher" is connected with MQTT <version>
    And "subscriber" has subscribed to "orders/new" at QoS 1
    When "subscriber" drops its connection
    And "publisher" publishes "order-3" to "orders/new" at QoS 1
    And "subscriber" reconnects with MQTT <version> and its persistent session
    Then the CONNACK to "subscriber" says a session is present
    And "subscriber" receives "order-3" on "orders/new" after its CONNACK
    When "publisher" publishes "order-4" to "orders/new" at QoS 1
    Then "subscriber" receives "order-4" on "orders/new" at QoS 1

    @mqtt311
    Examples: MQTT 3.1.1
      | version |
      | 3.1.1   |

    @mqtt5
    Examples: MQTT 5
      | version |
      | 5       |

  @req:SES-09
  Scenario Outline: an offline session stores the QoS 1 messages of its QoS 1 subscriptions, over <versions>
    Given client "old" is connected with MQTT 3.1.1 and a persistent session
    And client "new" is connected with MQTT <newer> and a persistent session
    And client "publisher" is connected with MQTT <newer>
    And "old" has subscribed to "meter/reading" at QoS 1
    And "new" has subscribed to "meter/reading" at QoS 1
    When "old" disconnects
    And "new" disconnects
    And "publisher" publishes "reading at QoS 1" to "meter/reading" at QoS 1
    And "old" reconnects with MQTT 3.1.1 and its persistent session
    And "new" reconnects with MQTT <newer> and its persistent session
    Then "old" receives "reading at QoS 1" on "meter/reading" at QoS 1
    And "new" receives "reading at QoS 1" on "meter/reading" at QoS 1

    @mqtt311 @mqtt5
    Examples: MQTT 3.1.1 and 5
      | versions         | newer |
      | MQTT 3.1.1 and 5 | 5     |

    # a broker without MQTT 5 is judged with MQTT 3.1.1 clients alone; one with it, by the above
    @mqtt311 @without-mqtt5
    Examples: MQTT 3.1.1 alone
      | versions         | newer |
      | MQTT 3.1.1 alone | 3.1.1 |

  # OASIS lets a broker store QoS 0 messages for an offline session too; AWS IoT Core does not
  @req:SES-09 @profile:aws-iot-core
  Scenario Outline: an offline session stores no QoS 0 message, over <versions>
    Given client "old" is connected with MQTT 3.1.1 and a persistent session
    And client "new" is connected with MQTT <newer> and a persistent session
    And client "publisher" is connected with MQTT <newer>
    And "old" has subscribed to "meter/reading" at QoS 1
    And "new" has subscribed to "meter/reading" at QoS 0
    When "old" disconnects
    And "new" disconnects
    And "publisher" publishes "reading at QoS 0" to "meter/reading" at QoS 0
    And "publisher" publishes "reading at QoS 1" to "meter/reading" at QoS 1
    And "old" reconnects with MQTT 3.1.1 and its persistent session
    And "new" reconnects with MQTT <newer> and its persistent session
    Then "old" receives "reading at QoS 1" on "meter/reading" at QoS 1
    And "old" and "new" receive nothing else on "meter/reading"

    @mqtt311 @mqtt5
    Examples: MQTT 3.1.1 and 5
      | versions         | newer |
      | MQTT 3.1.1 and 5 | 5     |

    @mqtt311 @without-mqtt5
    Examples: MQTT 3.1.1 alone
      | versions         | newer |
      | MQTT 3.1.1 alone | 3.1.1 |
