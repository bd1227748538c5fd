@title: a fatal signal sent to a stopped task waits until SIGCONT, then ends it; SIGKILL does not wait
# P3.3; kernel/signal.c complete_signal: a stopped task wants no signal but SIGKILL (wants_signal),
# so SIGTERM stays pending and is delivered once SIGCONT resumes the task
@needs: pid
init: clone a -                  => 2
init: clone b -                  => 3
init: kill a SIGSTOP             => ok
init: kill a SIGTERM             => ok
init: alive a                    => yes
a: getpid                        => ESTOPPED
init: kill a SIGCONT             => ok
init: alive a                    => no
init: kill b SIGTSTP             => ok
init: kill b SIGKILL             => ok
init: alive b                    => no
