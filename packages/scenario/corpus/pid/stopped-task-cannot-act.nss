@title: a stopped task cannot act: its steps give ESTOPPED until SIGCONT resumes it
# scenario-format.md (docs/scenarios.md, "Stopped tasks"): a step whose actor is stopped by
# SIGSTOP, SIGTSTP, SIGTTIN or SIGTTOU yields ESTOPPED without any call; P3.3 SIGCONT resumes it
@needs: pid
init: clone a -                  => 2
init: clone b -                  => 3
init: clone c -                  => 4
init: kill a SIGSTOP             => ok
a: getpid                        => ESTOPPED
a: clone d -                     => ESTOPPED   # nothing is made
init: alive d                    => no
init: alive a                    => yes        # a stopped task is alive
init: pid a                      => 2          # and can be a target
init: kill a SIGCONT             => ok
a: getpid                        => 2
init: kill b SIGTSTP             => ok
b: getpid                        => ESTOPPED
init: kill c SIGTTIN             => ok
c: getppid                       => ESTOPPED
init: kill c SIGCONT             => ok
c: getppid                       => 1
c: kill c SIGTTOU                => ok         # stops itself
c: getpid                        => ESTOPPED
init: kill b SIGKILL             => ok         # SIGKILL ends a stopped task
b: getpid                        => ENOTASK
init: kill init SIGSTOP          => ok         # init ignores it in its own namespace
init: getpid                     => 1
