@area:oasis-3.1.1 @mqtt311 @profile:oasis
Feature: MQTT 3.1.1: QoS 2, exactly once
  Whether the broker takes a QoS 2 PUBLISH exactly once (PUBREC, then PUBCOMP for the PUBREL),
  delivers QoS 2 exactly once to a subscriber that withholds its PUBREC or PUBCOMP and reconnects,
  with DUP on what it sends again, and closes the connection over a PUBREL with wrong flags. AWS
  IoT Core does not support QoS 2 [QOS-04, QOS-06]: judged under OASIS only (OASIS MQTT 3.1.1,
  sections 3.3 to 3.7, 4.3.3, 4.4).

  @req:MQTT-4.3.3-2 @req:MQTT-2.3.1-6 @req:MQTT-3.3.4-1
  Scenario: a QoS 2 PUBLISH is answered with PUBREC, sent twice it is delivered once, and its PUBREL gets PUBCOMP
    Given clients "publisher" and "subscriber" are connected with MQTT 3.1.1
    And "subscriber" has subscribed to "valves" at QoS 2
    When "publisher" sends a PUBLISH with:
      | topic             | valves |
      | payload           | close  |
      | QoS               | 2      |
      | packet identifier | 9      |
    Then [MQTT-3.3.4-1] "publisher" receives a PUBREC with packet identifier 9
    When "publisher" sends a PUBLISH with:
      | topic             | valves |
      | payload           | close  |
      | QoS               | 2      |
      | packet identifier | 9      |
      | DUP               | 1      |
    Then [MQTT-2.3.1-6] "publisher" receives a PUBREC with packet identifier 9
    When "publisher" sends a PUBREL with:
      | packet identifier | 9 |
    Then [MQTT-4.3.3-2] "publisher" receives a PUBCOMP with packet identifier 9
    And [MQTT-4.3.3-2] "subscriber" receives "close" on "valves" at QoS 2
    And [MQTT-4.3.3-2] "subscriber" receives nothing else on "valves"
    When "publisher" sends a PUBLISH with:
      | topic             | valves |
      | payload           | open   |
      | QoS               | 2      |
      | packet identifier | 9      |
    And "publisher" sends a PUBREL with:
      | packet identifier | 9 |
    Then [MQTT-4.3.3-2] "subscriber" receives "open" on "valves" at QoS 2

  @req:MQTT-4.3.3-1 @req:MQTT-4.4.0-1 @req:MQTT-3.3.1-1
  Scenario: exactly once to a subscriber that withholds PUBREC and then PUBCOMP across reconnects: no loss, no duplicate, DUP on the resend
    Given client "subscriber" is connected with MQTT 3.1.1 and a persistent session
    And client "publisher" is connected with MQTT 3.1.1
    And "subscriber" has subscribed to "valves" at QoS 2
    And "subscriber" withholds its QoS 2 answers
    When "publisher" publishes "close" to "valves" at QoS 2
    Then [MQTT-4.3.3-1] "subscriber" receives "close" on "valves" at QoS 2
    When "subscriber" drops its connection
    And "subscriber" reconnects with MQTT 3.1.1 and its persistent session
    Then [MQTT-4.4.0-1] "subscriber" receives "close" on "valves" at QoS 2
    And [MQTT-3.3.1-1] every PUBLISH "subscriber" received has DUP 1
    When "subscriber" answers each QoS 2 PUBLISH it received with PUBREC
    Then [MQTT-4.3.3-1] "subscriber" receives a PUBREL for each PUBREC it sent
    When "subscriber" drops its connection
    And "subscriber" reconnects with MQTT 3.1.1 and its persistent session
    Then [MQTT-4.4.0-1] "subscriber" receives a PUBREL for each PUBREC it sent
    And [MQTT-4.3.3-1] "subscriber" receives no PUBLISH
    When "subscriber" answers each PUBREL with PUBCOMP
    Then [MQTT-4.3.3-1] "subscriber" receives no PUBLISH or PUBREL
    And [MQTT-4.3.3-1] the application of "subscriber" got "close" on "valves" exactly once

  @req:MQTT-3.6.1-1
  Scenario: a PUBREL with fixed-header flags 0000 closes the connection
    Given client "publisher" is connected with MQTT 3.1.1
    When "publisher" sends a PUBLISH with:
      | topic             | valves |
      | payload           | close  |
      | QoS               | 2      |
      | packet identifier | 4      |
    Then "publisher" receives a PUBREC with packet identifier 4
    When "publisher" sends "a PUBREL with fixed-header flags 0000"
    Then the broker closes the connection of "publisher"
