package dev.templatestudio.bridge.embedded.sandbox;

/**
 * The program of a machine's exec agent ({@link ExecAgent}), run by the host's {@code perl}.
 * Perl because it is on every Debian-like host (perl-base is essential there), starts in a few
 * milliseconds without modules, and has fork, exec, chroot, pipe and select built in: the agent
 * loads no module, so nothing it needs is looked for on disk once it runs.
 *
 * <p>It starts in the machine's namespaces and cgroup with its capabilities (as {@code
 * Sandbox.enter}'s commands do), its root the host's root as the machine's mount namespace
 * binds it and its working dir the machine's /dev. Its first act makes it not dumpable
 * (prctl PR_SET_DUMPABLE 0): it is a process of the machine, and a dumpable one would let the
 * machine's root read the host's files through {@code /proc/PID/root}; without CAP_SYS_PTRACE,
 * which no machine has, nothing in the machine can open its /proc entries or trace it. Its
 * commands are dumpable again once they execute. For each command it forks once: the child
 * sets its own process group (so a kill reaches what the command started), takes its pipes or
 * /dev/null, enters the machine's root ({@code ..} of its /dev, as {@code nsenter --root=..}
 * does), goes to the working dir, takes exactly the env it was sent and executes the command
 * (argv[0] looked up in that env's PATH). Mode {@code h} executes from the host's root instead
 * (a command line that starts with {@code nsenter}, for another user).
 *
 * <p>Protocol on its stdin and stdout, each message a line {@code TYPE ID [LEN]} then LEN bytes:
 * to it {@code x} (run: NUL-separated mode, stdin (0 none, 1 piped), working dir, env count,
 * KEY=VALUE…, argv…), {@code i} (input bytes), {@code c} (end of input), {@code k} (kill); from
 * it {@code o}/{@code e} (stdout/stderr bytes) and {@code x ID CODE} once the command has ended
 * and both its outputs are closed (CODE 128+N when killed by signal N). It reads this program
 * from its stdin up to {@code __END__}, says {@code r 0} once up, and ends when its stdin
 * ends, killing what still runs.
 */
final class AgentScript {
  private AgentScript() {}

  /** prctl(2)'s syscall number on this JVM's architecture, or -1 where it is not known here. */
  static final int PRCTL = switch (System.getProperty("os.arch", "")) {
    case "amd64", "x86_64" -> 157;
    case "aarch64", "arm64" -> 167;
    default -> -1;
  };

  /** The program; {@code PRCTL} is replaced by {@link #PRCTL}. */
  static final String PERL = """
      syscall(PRCTL, 4, 0) == 0 or exit 1;
      $SIG{PIPE} = 'IGNORE';
      pipe(my $wr, my $ww) or die; my $wake = fileno($wr);
      $SIG{CHLD} = sub { syswrite($ww, "c") };
      my (%kid, %pid, %fd, $rb, $in);
      sub say_ {
        my $m = join('', @_);
        while (length $m) { my $n = syswrite(STDOUT, $m); exit 0 unless $n; substr($m, 0, $n) = ''; }
      }
      sub done {
        my $k = $kid{$_[0]};
        return unless defined $k->{code} && !$k->{open};
        say_("x $_[0] $k->{code}\\n");
        close($k->{in}) if $k->{in}; delete $pid{$k->{pid}}; delete $kid{$_[0]};
      }
      sub start {
        my ($id, $p) = @_;
        my ($mode, $stdin, $wd, $n, @f) = split /\\0/, $p, -1;
        my @env = splice(@f, 0, $n);
        my ($ir, $iw, $or, $ow, $er, $ew);
        pipe($ir, $iw) if $stdin; pipe($or, $ow); pipe($er, $ew);
        my $pid = fork();
        if (!defined $pid) { say_("x $id 126\\n"); return; }
        if (!$pid) {
          setpgrp(0, 0);
          open(STDOUT, '>&', $ow); open(STDERR, '>&', $ew);
          if ($mode eq 'r') {
            unless (chdir('..') && chroot('.') && chdir($wd)) {
              print STDERR "cannot enter $wd in the machine: $!\\n"; exit 126;
            }
          }
          if ($stdin) { open(STDIN, '<&', $ir) } else { open(STDIN, '<', '/dev/null') }
          %ENV = ();
          for (@env) { my ($k, $v) = split /=/, $_, 2; $ENV{$k} = $v; }
          { exec { $f[0] } @f; }
          print STDERR "cannot run $f[0]: $!\\n";
          exit($! == 2 ? 127 : 126);
        }
        close($ow); close($ew); close($ir) if $stdin;
        $kid{$id} = { pid => $pid, in => $iw, buf => '', open => 2, eof => !$stdin };
        $pid{$pid} = $id;
        $fd{fileno($or)} = [$id, 'o', $or]; $fd{fileno($er)} = [$id, 'e', $er];
      }
      sub request {
        my ($t, $id, $p) = @_;
        if ($t eq 'x') { start($id, $p); return; }
        my $k = $kid{$id} or return;
        if ($t eq 'i') { $k->{buf} .= $p; }
        elsif ($t eq 'c') { $k->{eof} = 1; }
        elsif ($t eq 'k') { kill('KILL', -$k->{pid}); kill('KILL', $k->{pid}); }
      }
      say_("r 0\\n");
      while (1) {
        my ($r, $w) = ('', '');
        vec($r, 0, 1) = 1; vec($r, $wake, 1) = 1;
        vec($r, $_, 1) = 1 for keys %fd;
        for my $k (values %kid) {
          next unless $k->{in};
          if (length $k->{buf}) { vec($w, fileno($k->{in}), 1) = 1; }
          elsif ($k->{eof}) { close($k->{in}); $k->{in} = undef; }
        }
        my $ready = select($r, $w, undef, undef);
        next if $ready < 0;
        if (vec($r, $wake, 1)) {
          sysread($wr, my $x, 64);
        }
        while ((my $pid = waitpid(-1, 1)) > 0) {
          my $id = $pid{$pid};
          next unless defined $id;
          $kid{$id}{code} = ($? & 127) ? 128 + ($? & 127) : $? >> 8;
          done($id);
        }
        for my $k (values %kid) {
          next unless $k->{in} && length $k->{buf} && vec($w, fileno($k->{in}), 1);
          my $n = syswrite($k->{in}, $k->{buf}, 4096);
          if ($n) { substr($k->{buf}, 0, $n) = ''; } else { $k->{buf} = ''; $k->{eof} = 1; }
        }
        for my $f (keys %fd) {
          next unless vec($r, $f, 1);
          my ($id, $s, $h) = @{$fd{$f}};
          my $n = sysread($h, my $b, 65536);
          if ($n) { say_("$s $id $n\\n", $b); next; }
          close($h); delete $fd{$f};
          $kid{$id}{open}--; done($id);
        }
        if (vec($r, 0, 1)) {
          my $n = sysread(STDIN, my $b, 65536);
          if (!$n) { kill('KILL', -$_, $_) for keys %pid; exit 0; }
          $rb .= $b;
          while ($rb =~ /^(\\w) (\\d+)(?: (\\d+))?\\n/) {
            my ($t, $id, $len) = ($1, $2, $3 || 0);
            my $head = $+[0];
            last if length($rb) < $head + $len;
            my $p = substr($rb, $head, $len);
            substr($rb, 0, $head + $len) = '';
            request($t, $id, $p);
          }
        }
      }
      """;
}
