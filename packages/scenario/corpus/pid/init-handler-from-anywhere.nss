@title: the init of a pid namespace gets every signal it has a handler for, from inside its namespace and from outside
# P3.3c: sig_task_ignored drops a signal to an unkillable init only when its
# handler is SIG_DFL; a handled one is delivered from anywhere (P3.3a: unhandled,
# it is dropped, from inside and, but for SIGKILL and SIGSTOP, from outside too).
@needs: pid
init: clone a pid                => 2
a: clone b -                     => 2
b: kill a SIGUSR1                => ok
init: kill a SIGUSR2             => ok
a: caught                        => -         # no handler: both dropped
init: alive a                    => yes
a: sigaction SIGUSR1 handle      => ok
a: sigaction SIGUSR2 handle      => ok
a: sigaction SIGTERM handle      => ok
b: kill a SIGUSR1                => ok        # from inside
a: caught                        => SIGUSR1
init: kill a SIGUSR2             => ok        # from the parent namespace
a: caught                        => SIGUSR2
b: kill a SIGTERM                => ok
init: kill a SIGUSR1             => ok
a: caught                        => SIGTERM,SIGUSR1
a: sigaction SIGUSR1 default     => ok
b: kill a SIGUSR1                => ok
a: caught                        => -         # SIG_DFL again: dropped
init: alive a                    => yes
