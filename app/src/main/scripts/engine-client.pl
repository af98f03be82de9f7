#!/usr/bin/perl
# The thin client for `build` and `run` without a JVM (docs/LOCAL-ENGINE.md): it hands the
# command to the warm local engine on STORE/serve/engine.sock, speaking the frames of
# EngineFrames.java, and copies back what the command prints and its exit code. Anything else
# (no engine, the engine declines, --no-daemon) runs FALLBACK, the JVM client, with the same
# arguments and untouched stdin. Only what a fresh Debian has: perl-base's modules, one `stat`.
#
#   engine-client.pl JAVA CLASSPATH FALLBACK ARGS...
#
# JAVA and CLASSPATH are what FALLBACK would run (the engine serves only its own build of the
# program: EngineFrames.identity()); FALLBACK gets TEMPLATE_STUDIO_CLIENT=jvm, so a launcher
# that runs this script knows to run the JVM client instead.
use strict;
use Socket qw(PF_UNIX SOCK_STREAM MSG_DONTWAIT pack_sockaddr_un);

my ($java, $class_path, $fallback, @args) = @ARGV;
my $MAX_FRAME = 4 << 20;     # EngineFrames.MAX_FRAME: longer frames are refused either way
my $CHUNK = 64 << 10;        # EngineFrames.CHUNK: one stdin frame at most
my $CANCEL_SECONDS = 30;     # as EngineClient: how long Ctrl+C waits for the engine's cancel

sub fall_back {
  $ENV{TEMPLATE_STUDIO_CLIENT} = 'jvm';
  exec {$fallback} $fallback, @args;
  print STDERR "template-studio: cannot run $fallback: $!\n";
  exit 1;
}

# The physical folder, as the JVM's user.dir.
my $cwd = readlink('/proc/self/cwd') // fall_back();

# Path.of(p).toAbsolutePath().normalize() of Java: lexical, no link resolved.
sub absolute {
  my ($p) = @_;
  $p = "$cwd/$p" unless $p =~ m{^/};
  my @out;
  for (split m{/+}, $p) {
    next if $_ eq '' || $_ eq '.';
    if ($_ eq '..') { pop @out } else { push @out, $_ }
  }
  return '/' . join('/', @out);
}

# The file the path names, every link resolved (realpath): the JVM finds java.home so.
sub real {
  my @todo = split m{/+}, ($_[0] =~ m{^/} ? '' : "$cwd/") . $_[0];
  my ($out, $hops) = ('', 0);
  while (@todo) {
    my $c = shift @todo;
    next if $c eq '' || $c eq '.';
    if ($c eq '..') { $out =~ s{/[^/]*$}{}; next }
    my $link = readlink("$out/$c");
    if (!defined $link) { $out .= "/$c"; next }
    return undef if ++$hops > 40;
    $out = '' if $link =~ m{^/};
    unshift @todo, split m{/+}, $link;
  }
  return $out eq '' ? '/' : $out;
}

# --- What EngineClient decides before it connects ------------------------------------------
my @options = @args;                       # the words before `--`, which are ours
for my $i (0 .. $#args) { if ($args[$i] eq '--') { @options = @args[0 .. $i - 1]; last } }
my $opt_out = $ENV{TEMPLATE_STUDIO_NO_DAEMON} // '';
fall_back() if ($opt_out ne '' && $opt_out ne '0') || grep { $_ eq '--no-daemon' } @options;

# The store as StoreOption finds it: --store, else $TEMPLATE_STUDIO_HOME, else ~/.local/share/….
my $given;
for my $i (0 .. $#options) {
  if ($options[$i] eq '--store' && $i < $#options) { $given = $options[$i + 1] }
  elsif ($options[$i] =~ /^--store=(.*)$/s) { $given = $1 }
}
my ($home, $user) = ($ENV{TEMPLATE_STUDIO_HOME}, $ENV{HOME});
my $store = defined $given && $given =~ /\S/ ? absolute($given)
  : defined $home && $home =~ /\S/ ? absolute($home)
  : absolute((defined $user && $user =~ /\S/ ? $user : (getpwuid($<))[7]) . '/.local/share/template-studio');
my $socket_path = ($store eq '/' ? '' : $store) . '/serve/engine.sock';
fall_back() if length($socket_path) > 107;   # sun_path holds 108 bytes with the ending NUL

# --- Who we are: EngineFrames.identity() of the JVM that FALLBACK starts -------------------------
if ($java !~ m{/}) {
  ($java) = grep { -f $_ && -x _ } map { ($_ eq '' ? '.' : $_) . "/$java" } split /:/, $ENV{PATH} // '';
  fall_back() unless defined $java;
}
my $java_home = real($java) // fall_back();
fall_back() unless $java_home =~ s{/bin/java$}{};
my (@files, %listed);                      # each class path entry, then the files in lib/ beside a jar, once
for my $entry (split /:/, $class_path) {     # trailing empty entries dropped, as String.split does
  my $p = absolute($entry);
  push @files, grep { !$listed{$_}++ } $p;
  next unless $entry =~ /\.jar$/ && $p ne '/';
  (my $lib = $p) =~ s{/[^/]*$}{/lib};
  if (opendir my $dir, $lib) {
    push @files, grep { !$listed{$_}++ } map { "$lib/$_" } sort grep { $_ ne '.' && $_ ne '..' } readdir $dir;
  }
}
# Size and mtime in ms (Files.getLastModifiedTime(p).toMillis(), links followed): perl-base's
# stat has whole seconds only, GNU stat prints them truncated to ms, as Java does.
my %seen;
my $pid = open my $st, '-|';
fall_back() unless defined $pid;
if (!$pid) {
  open STDERR, '>', '/dev/null';         # a missing entry is part of the identity, not an error
  exec 'stat', '-L', '--printf', '%n\0%s %.3Y\0', '--', @files;
  exit 1;
}
{
  local $/;
  my @f = split /\0/, <$st> // '', -1;
  close $st;
  while (@f >= 2) { my ($n, $v) = splice @f, 0, 2; $v =~ s/\.//; $v =~ s/ 0*(\d)/ $1/; $seen{$n} = $v }
}
# A file that cannot be read is " ?" after the space that Java appends first.
my $identity = $java_home . join '', map { "\n$_ " . ($seen{$_} // ' ?') } @files;

# Java runs in UTF-8 under the launchers, which set LC_ALL=C.UTF-8 when the locale is not.
my $locale = $ENV{LC_ALL} || $ENV{LC_CTYPE} || $ENV{LANG} || 'C';
$ENV{LC_ALL} = 'C.UTF-8' unless $locale =~ /\.utf-?8(@.*)?$/i;

# --- The request ------------------------------------------------------------------------------
sub str { return pack 'N/a*', $_[0] }
sub frame { return pack('a N', $_[0], length $_[1]) . $_[1] }
my $request = str($identity) . str($cwd) . str('UTF-8') . pack('N', scalar @args) . join('', map { str($_) } @args)
  . pack('N', scalar keys %ENV) . join('', map { str($_) . str($ENV{$_}) } keys %ENV);
fall_back() if length $request > $MAX_FRAME;

socket(my $sock, PF_UNIX, SOCK_STREAM, 0) or fall_back();
connect($sock, pack_sockaddr_un($socket_path)) or fall_back();
my $out = frame('Q', $request);
while (length $out) {
  my $n = syswrite $sock, $out;
  fall_back() unless defined $n;
  substr($out, 0, $n) = '';
}

my $in = '';
# The next whole frame from the engine as (type, body); () while one is incomplete.
sub next_frame {
  return () if length $in < 5;
  my ($type, $len) = unpack 'a N', $in;
  engine_gone("a frame of $len bytes") if $len > $MAX_FRAME;
  return () if length $in < 5 + $len;
  my $body = substr $in, 5, $len;
  substr($in, 0, 5 + $len) = '';
  return ($type, $body);
}

sub engine_gone {
  print STDERR "template-studio: the local engine stopped while it ran the command ($_[0]); what it said is in "
    . "$store/serve/local.log; --no-daemon runs the command here\n";
  exit 1;
}

# The answer: declined (or none) falls back, nothing read from stdin yet.
my ($type, $body);
while (!defined $type) {
  ($type, $body) = next_frame();
  last if defined $type;
  my $n = sysread $sock, $in, $CHUNK, length $in;
  fall_back() unless $n;
}
fall_back() unless $type eq 'A';

# --- Accepted: one select loop; stdin to the engine (run), its output to ours ---------------
my $send_stdin = length $body && ord($body) == 1;
my ($signal, $cancel_until) = (0, 0);
$SIG{$_} = do { my $no = $_; sub { $signal ||= { INT => 2, TERM => 15, HUP => 1 }->{$no} } } for qw(INT TERM HUP);
# A closed stdout must not kill us (as it does not kill a JVM): it stops that output only.
$SIG{PIPE} = 'IGNORE';
my %broken;
sub put {
  my ($fd, $bytes) = @_;
  return if $broken{$fd};
  my $fh = $fd == 1 ? \*STDOUT : \*STDERR;
  while (length $bytes) {
    my $n = syswrite $fh, $bytes;
    if (!defined $n) { next if $!{EINTR}; $broken{$fd} = 1; return }
    substr($bytes, 0, $n) = '';
  }
}
# Written as the socket takes them, so a command that does not read its stdin never stops its
# output from reaching us (the engine buffers a little stdin, then waits).
my $pending = '';
my $socket_broken = 0;
my $sock_fd = fileno $sock;
output();        # what came with the answer: a command that failed at once may be all there
while (1) {
  if ($signal && !$cancel_until) {
    $pending .= frame('C', '');
    $send_stdin = 0;
    $cancel_until = time + $CANCEL_SECONDS;
  }
  exit 128 + $signal if $cancel_until && time >= $cancel_until;
  my ($r, $w) = ('', '');
  vec($r, $sock_fd, 1) = 1;
  vec($r, 0, 1) = 1 if $send_stdin && $pending eq '';
  vec($w, $sock_fd, 1) = 1 if $pending ne '' && !$socket_broken;
  # A signal just before select would wait for the next frame: at most a second.
  my $ready = select $r, $w, undef, 1;
  if ($ready < 0 && !$!{EINTR}) {
    engine_gone("$!") unless $send_stdin;
    ($pending, $send_stdin) = ($pending . frame('E', ''), 0);   # a closed stdin (EBADF): its end
  }
  next if $ready <= 0;
  if (vec($w, $sock_fd, 1)) {
    my $n = send $sock, substr($pending, 0, $CHUNK), MSG_DONTWAIT;
    if (defined $n) { substr($pending, 0, $n) = '' }
    elsif (!$!{EINTR} && !$!{EAGAIN}) { $socket_broken = 1; $pending = '' }   # the read below says why
  }
  if ($send_stdin && vec($r, 0, 1)) {
    my $n = sysread STDIN, my $chunk, $CHUNK;
    if ($n) { $pending .= frame('I', $chunk) }
    elsif (!defined $n && $!{EINTR}) { }
    else { $pending .= frame('E', ''); $send_stdin = 0 }   # its end, or a stdin that cannot be read
  }
  if (vec($r, $sock_fd, 1)) {
    my $n = sysread $sock, $in, $CHUNK, length $in;
    next if !defined $n && $!{EINTR};
    output();
    if (!$n) {
      exit 128 + $signal if $signal;
      engine_gone(defined $n ? 'it closed the connection' : "$!");
    }
  }
}

# Writes out the whole frames read so far; exits on the command's exit code.
sub output {
  while (my ($t, $b) = next_frame()) {
    if ($t eq 'O') { put(1, $b) }
    elsif ($t eq 'R') { put(2, $b) }
    elsif ($t eq 'X') { exit($signal ? 128 + $signal : unpack 'l>', $b) }
  }
}
