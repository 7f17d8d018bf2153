#!/usr/bin/perl
# Writes the definitions RabbitMQ imports at boot (load_definitions) from the suite's settings,
# as entrypoint.sh passes them in the environment:
#   RABBITMQ_ACCOUNTS   accounts.mustache: "user NAME", then its "password PW", "publish FILTER",
#                       "subscribe FILTER" lines; none: the default user only
#   DEFAULT_USER, DEFAULT_PASS   the user anonymous MQTT clients act as (when there are no accounts)
#   MAX_QUEUED_MESSAGES a max-length policy on the MQTT session queues (empty: none)
#   MAX_CONNECTIONS     the virtual host's max-connections limit (empty: none)
# An account's topics become topic permissions on amq.topic: MQTT filters turned into regular
# expressions over the routing keys the MQTT plugin uses ("/" becomes ".", "+" becomes "*").
use strict;
use warnings;

sub quoted {
  my ($text) = @_;
  $text =~ s/(["\\])/\\$1/g;
  $text =~ s/\n/\\n/g;
  return "\"$text\"";
}

# A regular expression matching the routing keys, and the binding keys of filters, within an MQTT
# topic filter: `a/+/c` matches a.x.c and a.*.c; `a/#` matches a, a.b, a.b.c, a.#, a.*.
sub filter_regex {
  my ($filter) = @_;
  my @levels = split(/\//, $filter, -1);
  my $regex = '';
  for my $index (0 .. $#levels) {
    my $level = $levels[$index];
    my $separator = $index == 0 ? '' : '\.';
    if ($level eq '#') {
      $regex .= $index == 0 ? '.*' : "(?:$separator.*)?";
      last;
    }
    $level =~ tr{.}{/};    # the plugin swaps "." and "/" between MQTT topics and routing keys
    $regex .= $separator . ($level eq '+' ? '[^.]+' : quotemeta($level));
  }
  return "^$regex\$";
}

my @accounts;
for my $line (split /\n/, $ENV{RABBITMQ_ACCOUNTS} // '') {
  next unless $line =~ /^(user|password|publish|subscribe) (.*)$/;
  if ($1 eq 'user') { push @accounts, { name => $2, password => '', publish => [], subscribe => [] }; next; }
  die "rabbitmq-definitions: '$1' before any user\n" unless @accounts;
  if ($1 eq 'password') { $accounts[-1]{password} = $2 } else { push @{ $accounts[-1]{$1} }, $2 }
}
@accounts = ({ name => $ENV{DEFAULT_USER}, password => $ENV{DEFAULT_PASS}, publish => [], subscribe => [] }) unless @accounts;

my (@users, @permissions, @topic_permissions);
for my $account (@accounts) {
  my $name = quoted($account->{name});
  push @users, "{\"name\": $name, \"password\": " . quoted($account->{password}) . ", \"tags\": \"\"}";
  push @permissions, "{\"user\": $name, \"vhost\": \"/\", \"configure\": \".*\", \"write\": \".*\", \"read\": \".*\"}";
  next unless @{ $account->{publish} } || @{ $account->{subscribe} };
  my %regex;
  for my $kind ('publish', 'subscribe') {
    my @filters = @{ $account->{$kind} };
    $regex{$kind} = @filters ? join('|', map { '(?:' . filter_regex($_) . ')' } @filters) : '.*';
  }
  push @topic_permissions, "{\"user\": $name, \"vhost\": \"/\", \"exchange\": \"amq.topic\", \"write\": " . quoted($regex{publish}) . ", \"read\": " . quoted($regex{subscribe}) . "}";
}

my @policies;
if (($ENV{MAX_QUEUED_MESSAGES} // '') ne '') {
  push @policies, "{\"vhost\": \"/\", \"name\": \"mqtt-stored-messages\", \"pattern\": \"^mqtt-subscription-\", \"apply-to\": \"queues\", \"priority\": 0, \"definition\": {\"max-length\": $ENV{MAX_QUEUED_MESSAGES}}}";
}
my @parameters;
if (($ENV{MAX_CONNECTIONS} // '') ne '') {
  push @parameters, "{\"vhost\": \"/\", \"component\": \"vhost-limits\", \"name\": \"limits\", \"value\": {\"max-connections\": $ENV{MAX_CONNECTIONS}}}";
}

my $list = sub { "[\n    " . join(",\n    ", @_) . "\n  ]" };
print "{\n  \"vhosts\": [{\"name\": \"/\"}],\n",
  "  \"users\": ", $list->(@users), ",\n",
  "  \"permissions\": ", $list->(@permissions), ",\n",
  "  \"topic_permissions\": ", (@topic_permissions ? $list->(@topic_permissions) : '[]'), ",\n",
  "  \"policies\": ", (@policies ? $list->(@policies) : '[]'), ",\n",
  "  \"parameters\": ", (@parameters ? $list->(@parameters) : '[]'), "\n}\n";
