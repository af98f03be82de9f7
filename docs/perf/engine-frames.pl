#!/usr/bin/perl
# A client of the local engine's socket that is not a JVM, for benchmarks: what a thin client
# that starts in milliseconds gives (docs/LOCAL-ENGINE.md). Usage: engine-frames.pl STORE JAR ARGS...
# Sends ARGS with this folder and environment as EngineFrames does (identity: the JDK's folder,
# the jar and its lib/ with sizes and mtimes), relays stdout and stderr, exits with the command's
# code; exits 125 when the engine declines (saying why). No stdin, no Ctrl+C: timing only.
use strict;
use warnings;
use Socket;
use Cwd qw(abs_path getcwd);
use Time::HiRes ();

my ($store, $jar, @args) = @ARGV;
$jar = abs_path($jar);
sub str { my $b = shift; utf8::encode($b); return pack("N", length $b) . $b; }
my $java = abs_path(`sh -c 'command -v java'` =~ s/\s+$//r);
(my $home = $java) =~ s{/bin/java$}{};
my $lib = ($jar =~ s{/[^/]*$}{}r) . "/lib";
opendir(my $d, $lib) or die "no $lib";
my @entries = ($jar, map { "$lib/$_" } sort grep { !/^\.\.?$/ } readdir $d);
my $id = $home;
for my $p (@entries) {
  my @st = Time::HiRes::stat($p);
  # Java's toMillis of the mtime: whole milliseconds, rounded down.
  $id .= "\n$p $st[7] " . int($st[9] * 1000 + 1e-6);
}
my $body = str($id) . str(getcwd()) . str("UTF-8") . pack("N", scalar @args) . join("", map { str($_) } @args)
  . pack("N", scalar keys %ENV) . join("", map { str($_) . str($ENV{$_}) } keys %ENV);
socket(my $s, PF_UNIX, SOCK_STREAM, 0) or die "socket: $!";
connect($s, pack_sockaddr_un("$store/serve/engine.sock")) or die "connect: $!";
syswrite($s, "Q" . pack("N", length $body) . $body);
$| = 1;
sub readn { my $n = shift; my $buf = ""; while (length $buf < $n) { my $r = sysread($s, $buf, $n - length $buf, length $buf); return undef unless $r; } return $buf; }
while (defined(my $head = readn(5))) {
  my ($kind, $n) = unpack("a N", $head);
  my $data = $n ? readn($n) : "";
  if ($kind eq "D") { print STDERR "declined: $data\n"; exit 125; }
  if ($kind eq "O") { syswrite(STDOUT, $data); }
  elsif ($kind eq "R") { syswrite(STDERR, $data); }
  elsif ($kind eq "X") { exit unpack("N", $data); }
}
exit 1;
