@area:bad-input
Feature: What bad input leaves intact for everyone else
  Whether sessions, subscriptions and retained messages of other clients survive a client that
  sends garbage.

  @req:BAD-12
  Scenario Outline: after a client sends garbage, other clients' stored messages, subscriptions and retained messages are intact, over MQTT <version>
    Given client "keeper" is connected with MQTT <version> and a persistent session
    And "keeper" has subscribed to "orders" at QoS 1
    And bystander "bystander" is connected with MQTT <version> and subscribed to "heartbeat"
    And client "publisher" is connected with MQTT <version>
    And "keeper" disconnects
    And "publisher" publishes the retained message "config-v1" to "config"
    And "publisher" publishes "order-1" to "orders" at QoS 1
    And client "rogue" is connected with MQTT <version>
    # whether the broker then closes the connection of "rogue" is BAD-03's concern, not this one's
    When "rogue" sends "a PUBLISH whose Remaining Length has five bytes"
    Then bystander "bystander" still receives what is published to "heartbeat"
    When "keeper" reconnects with MQTT <version> and its persistent session
    Then "keeper" receives "order-1" on "orders"
    When client "newcomer" is connected with MQTT <version>
    And "newcomer" subscribes to "config" at QoS 1
    Then "newcomer" receives "config-v1" on "config"

    @mqtt311
    Examples: MQTT 3.1.1
      | version |
      | 3.1.1   |

    @mqtt5
    Examples: MQTT 5
      | version |
      | 5       |
