@area:transport @profile:aws-iot-core
Feature: One TLS port for MQTT and HTTPS, chosen by ALPN
  Whether, on the shared TLS port (AWS IoT Core's 443), a client with an X.509 certificate that
  names the ALPN protocol "x-amzn-mqtt-ca" speaks MQTT, while a client naming "http/1.1" is served
  HTTPS on the same port [TRN-06].

  @req:TRN-06 @requires:alpn-mqtt @requires:https-api @mqtt311 @mqtt5
  Scenario: ALPN "x-amzn-mqtt-ca" with a client certificate leads to MQTT, "http/1.1" to HTTPS
    When client "device" connects over the shared TLS port with ALPN "x-amzn-mqtt-ca" with MQTT 5
    And client "bare" connects over the shared TLS port with ALPN "x-amzn-mqtt-ca" with MQTT 3.1.1, presenting no certificate
    And "thing-one" asks over HTTPS for the retained message of "nothing/here"
    Then the broker completes the handshake of "device" and accepts its CONNECT
    And the broker refuses the handshake of "bare"
    And the HTTPS answer to "thing-one" has status 404
    And every HTTPS answer to "thing-one" came over ALPN "http/1.1"
