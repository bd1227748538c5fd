@title: the init of a pid namespace ignores default-action signals from inside, even SIGKILL and SIGSTOP
# P3.3, P3.3a (LTP pidns04.c): sig_task_ignored drops them for a SIGNAL_UNKILLABLE
# init unless they are forced, which only an ancestor namespace can do.
@needs: pid
init: clone a pid                => 2
a: clone b -                     => 2
a: kill a SIGTERM                => ok
a: kill a SIGKILL                => ok
a: kill a SIGSTOP                => ok
a: getpid                        => 1
b: kill a SIGKILL                => ok
b: kill a SIGHUP                 => ok
b: kill a SIGSTOP                => ok
a: getpid                        => 1
init: alive a                    => yes
