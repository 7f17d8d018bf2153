@area:http-api @profile:aws-iot-core @requires:https-api
Feature: The broker's HTTPS data-plane API: publishing and reading retained messages over HTTPS
  Whether an HTTPS publish reaches MQTT subscribers at the QoS it names [API-01], stores or
  deletes a retained message [API-02] and carries MQTT 5 properties [API-03]; whether
  GetRetainedMessage [API-04] and ListRetainedMessages [API-05] show what is retained; and whether
  the caller is its client certificate's principal, held to the permissions it has over MQTT
  [API-06]. Callers are named by the run's test certificates ("thing-one"), or "anonymous".

  @req:API-01 @mqtt311 @mqtt5
  Scenario: an HTTPS publish reaches MQTT subscribers at the QoS it names, 0 when it names none; qos=2 is refused and delivers nothing
    Given client "subscriber" is connected with MQTT 5
    And "subscriber" has subscribed to "http/readings" at QoS 1
    And client "listener" is connected with MQTT 3.1.1
    And "listener" has subscribed to "http/readings" at QoS 1
    When "thing-one" publishes "at QoS 1" to "http/readings" over HTTPS with:
      | qos | 1 |
    Then the HTTPS answer to "thing-one" has status 200
    When "thing-one" publishes "at QoS 0" to "http/readings" over HTTPS
    Then the HTTPS answer to "thing-one" has status 200
    When "thing-one" publishes "at QoS 2" to "http/readings" over HTTPS with:
      | qos | 2 |
    Then the HTTPS answer to "thing-one" has status 400
    And "subscriber" receives "at QoS 1" on "http/readings" at QoS 1
    And "listener" receives "at QoS 0" on "http/readings" at QoS 0
    And "subscriber" and "listener" receive no "at QoS 2" on "http/readings"

  @req:API-02 @mqtt311
  Scenario: retain=true over HTTPS makes the retained message; an empty body deletes it and still reaches subscribers; a $aws topic refuses it
    Given client "current" is connected with MQTT 3.1.1
    And "current" has subscribed to "http/state" at QoS 1
    When "thing-one" publishes "on" to "http/state" over HTTPS with:
      | qos    | 1    |
      | retain | true |
    And client "late" is connected with MQTT 3.1.1
    And "late" has subscribed to "http/state" at QoS 1
    And "thing-one" asks over HTTPS for the retained message of "http/state"
    Then "late" receives "on" on "http/state" with RETAIN 1
    And the HTTPS answer to "thing-one" holds the retained message "on" of "http/state" at QoS 1
    When "thing-one" publishes "" to "http/state" over HTTPS with:
      | qos    | 1    |
      | retain | true |
    Then "current" receives "" on "http/state"
    When client "latest" is connected with MQTT 3.1.1
    And "latest" has subscribed to "http/state" at QoS 1
    Then "latest" receives nothing on "http/state"
    When "thing-one" publishes "stored?" to "$aws/things/lamp/state" over HTTPS with:
      | retain | true |
    Then the HTTPS answer to "thing-one" has status 400

  @req:API-03 @mqtt5
  Scenario: MQTT 5 properties given in the query and headers of an HTTPS publish reach an MQTT 5 subscriber
    Given client "subscriber" is connected with MQTT 5
    And "subscriber" has subscribed to "http/documents" at QoS 1
    When "thing-one" publishes "{\"on\":true}" to "http/documents" over HTTPS with:
      | qos              | 1                |
      | contentType      | application/json |
      | messageExpiry    | 700000           |
      | responseTopic    | http/replies     |
      | payload format   | UTF8_DATA        |
      | correlation data | request-7        |
    And "thing-one" publishes "tagged" to "http/documents" over HTTPS with:
      | qos             | 1                          |
      | user properties | site=north, floor=3, zone=b |
    Then "subscriber" receives "{\"on\":true}" on "http/documents" with these properties:
      | Content Type             | application/json          |
      | Response Topic           | http/replies              |
      | Payload Format Indicator | 1                         |
      | Correlation Data         | request-7                 |
      | Message Expiry Interval  | between 604790 and 604800 |
    And "subscriber" receives "tagged" on "http/documents" with these user properties in this order:
      | site  | north |
      | floor | 3     |
      | zone  | b     |

  @req:API-04 @mqtt311
  Scenario: GetRetainedMessage answers with the retained message's topic, payload, QoS and time, and 404 once it is deleted
    Given client "publisher" is connected with MQTT 3.1.1
    When "publisher" publishes the retained message "21.5" to "http/thermostat"
    And "thing-one" asks over HTTPS for the retained message of "http/thermostat"
    Then the HTTPS answer to "thing-one" holds the retained message "21.5" of "http/thermostat" at QoS 1
    When "publisher" deletes the retained message of "http/thermostat"
    And "thing-one" asks over HTTPS for the retained message of "http/thermostat"
    Then the HTTPS answer to "thing-one" has status 404

  @req:API-05 @mqtt311
  Scenario: ListRetainedMessages lists five retained topics in three pages of at most two, each topic once
    Given a broker of the scenario's own
    And client "publisher" is connected with MQTT 3.1.1
    When "publisher" publishes the retained message "a" to "shelf/1"
    And "publisher" publishes the retained message "bb" to "shelf/2"
    And "publisher" publishes the retained message "ccc" to "shelf/3"
    And "publisher" publishes the retained message "dddd" to "shelf/4"
    And "publisher" publishes the retained message "eeeee" to "shelf/5"
    And "thing-one" lists the retained messages over HTTPS, 2 per page
    Then the 3 pages "thing-one" got list each of these topics once:
      | topic   | payload size | qos |
      | shelf/1 | 1            | 1   |
      | shelf/2 | 2            | 1   |
      | shelf/3 | 3            | 1   |
      | shelf/4 | 4            | 1   |
      | shelf/5 | 5            | 1   |

  @req:API-06 @mqtt5
  Scenario: the HTTPS caller is its certificate's principal: a topic it may not publish to gets 403 and reaches no one
    Given the broker is configured with these certificate accounts:
      | certificate | may publish to |
      | thing-one   | http/allowed/# |
    And client "monitor" is connected with MQTT 5
    And "monitor" has subscribed to "http/#" at QoS 1
    When "thing-one" publishes "fine" to "http/allowed/lamp" over HTTPS
    Then the HTTPS answer to "thing-one" has status 200
    When "thing-one" publishes "denied" to "http/denied/lamp" over HTTPS
    Then the HTTPS answer to "thing-one" has status 403
    When "thing-two" publishes "unknown principal" to "http/allowed/lamp" over HTTPS
    Then the HTTPS answer to "thing-two" has status 403
    When "anonymous" publishes "no certificate" to "http/allowed/lamp" over HTTPS
    Then the HTTPS answer to "anonymous" has status 403
    And "monitor" receives "fine" on "http/allowed/lamp"
    And "monitor" receives nothing on "http/denied/lamp"
    And "monitor" receives no "unknown principal" on "http/allowed/lamp"
    And "monitor" receives no "no certificate" on "http/allowed/lamp"
