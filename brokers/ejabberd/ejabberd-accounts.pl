#!/usr/bin/perl
# ejabberd external authentication (extauth_program) against the accounts entrypoint.sh wrote:
# "user:password" lines. ejabberd sends a 2-byte length, then "auth:User:Server:Password" (or
# "isuser:User:Server", ...); the answer is a 2-byte length of 2, then 1 (yes) or 0 (no).
use strict;
use warnings;

my %password_of;
if (open(my $accounts, '<', '/var/lib/ejabberd-conformance/accounts')) {
  while (my $line = <$accounts>) {
    chomp $line;
    my ($user, $password) = split(/:/, $line, 2);
    $password_of{$user} = $password if defined $password && $user ne '';
  }
}

binmode STDIN;
binmode STDOUT;
$| = 1;
while (read(STDIN, my $header, 2) == 2) {
  my $length = unpack('n', $header);
  last unless read(STDIN, my $request, $length) == $length;
  my ($operation, $user, $server, $password) = split(/:/, $request, 4);
  my $yes = 0;
  if ($operation eq 'auth') {
    $yes = exists $password_of{$user} && defined $password && $password_of{$user} eq $password;
  } elsif ($operation eq 'isuser') {
    $yes = exists $password_of{$user};
  }
  print pack('nn', 2, $yes ? 1 : 0);
}
