@title: from the parent namespace, SIGSTOP stops a pid namespace's init and SIGCONT resumes it
# P3.3: SIGSTOP from an ancestor namespace is forced like SIGKILL; SIGCONT
# resumes a stopped task whatever its disposition (prepare_signal).
@needs: pid
init: clone a pid                => 2
init: kill a SIGSTOP             => ok
init: alive a                    => yes
init: kill a SIGCONT             => ok
a: getpid                        => 1
a: kill a SIGSTOP                => ok
a: getpid                        => 1
