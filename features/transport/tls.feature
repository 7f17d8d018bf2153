@area:transport @profile:aws-iot-core
Feature: Which TLS handshakes the broker completes, and whom a client certificate names
  Whether MQTT over TLS takes TLS 1.2 and 1.3 and nothing older nor plaintext [TRN-01], needs
  Server Name Indication [TRN-02], and on the X.509 port lets in only a valid certificate from a
  CA it trusts, whose identity is the principal its permissions are checked for [TRN-03]. The
  certificates come from a test PKI the run makes with openssl. A refused handshake is reported
  with what the client saw: the TLS alert, or the close that followed the handshake.

  @req:TRN-01 @requires:tls @mqtt311 @mqtt5
  Scenario: TLS 1.3 and TLS 1.2 handshakes complete, and MQTT flows over them
    When client "modern" connects over TLS 1.3 with MQTT 5
    And client "compatible" connects over TLS 1.2 with MQTT 3.1.1
    Then the broker completes the handshake of "modern" and accepts its CONNECT
    And the broker completes the handshake of "compatible" and accepts its CONNECT
    When "modern" subscribes to "secure/readings" at QoS 1
    And "compatible" publishes "over TLS 1.2" to "secure/readings" at QoS 1
    Then "modern" receives "over TLS 1.2" on "secure/readings"

  @req:TRN-01 @requires:tls @mqtt311
  Scenario: a TLS 1.1 handshake and plaintext MQTT on the TLS port are refused
    When client "outdated" connects over TLS 1.1 with MQTT 3.1.1
    And client "plaintext" connects over plain TCP on the TLS port with MQTT 3.1.1
    Then the broker refuses the handshake of "outdated"
    And the broker refuses the handshake of "plaintext"

  @req:TRN-02 @requires:tls @mqtt311 @mqtt5
  Scenario: a handshake that names the server completes; one without Server Name Indication is refused
    When client "named" connects over TLS with MQTT 5
    And client "unnamed" connects over TLS without SNI with MQTT 3.1.1
    Then the broker completes the handshake of "named" and accepts its CONNECT
    And the broker refuses the handshake of "unnamed"

  @req:TRN-03 @requires:client-certificates @mqtt311 @mqtt5
  Scenario: on the X.509 port only a valid certificate from the trusted CA gets through
    When client "trusted" connects over the X.509 port with MQTT 5, presenting the certificate of "thing-one"
    And client "bare" connects over the X.509 port with MQTT 3.1.1, presenting no certificate
    And client "stranger" connects over the X.509 port with MQTT 3.1.1, presenting a certificate from an unknown CA
    And client "lapsed" connects over the X.509 port with MQTT 3.1.1, presenting an expired certificate
    Then the broker completes the handshake of "trusted" and accepts its CONNECT
    And the broker refuses the handshake of "bare"
    And the broker refuses the handshake of "stranger"
    And the broker refuses the handshake of "lapsed"

  @req:TRN-03 @requires:client-certificates @mqtt5
  Scenario: the certificate's identity is the principal the broker checks: it connects and publishes as its account allows
    Given the broker is configured with these certificate accounts:
      | certificate | may connect as | may publish to |
      | thing-one   | sensor         | telemetry/#    |
    And client "monitor" is connected with MQTT 5
    And "monitor" has subscribed to "telemetry/#" at QoS 1
    And "monitor" has subscribed to "commands/#" at QoS 1
    And client "sensor" is connected over the X.509 port with MQTT 5
    When client "impostor" connects over the X.509 port with MQTT 5, presenting the certificate of "thing-two"
    And "sensor" publishes "21.5" to "telemetry/temperature" at QoS 1
    And "sensor" tries to publish "open" to "commands/door" at QoS 1
    Then the broker refuses the connection of "impostor" with CONNACK 0x87
    And "monitor" receives "21.5" on "telemetry/temperature"
    And the broker refuses the PUBLISH of "sensor"
    And "monitor" receives nothing on "commands/door"
