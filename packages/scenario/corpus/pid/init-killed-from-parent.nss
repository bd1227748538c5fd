@title: from the parent namespace, SIGKILL kills a pid namespace's init while SIGTERM is ignored
# P3.3, P3.3b: a signal from an ancestor namespace is forced only if it is
# SIGKILL or SIGSTOP; the init's death then empties its namespace (P3.8).
@needs: pid
init: clone a pid                => 2
a: clone b -                     => 2
init: kill a SIGTERM             => ok
init: kill a SIGUSR1             => ok
init: alive a                    => yes
init: kill a SIGKILL             => ok
init: alive a                    => no
init: alive b                    => no
