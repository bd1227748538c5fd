@title: when the init of a pid namespace exits, every task of the namespace dies, nested ones too
# P3.8 (LTP pidns05.c): zap_pid_ns_processes sends SIGKILL to every task that has
# a number in the namespace, including the tasks of nested namespaces.
@needs: pid
init: clone a pid                => 2
a: clone b -                     => 2
b: clone c -                     => 3
a: clone n pid                   => 4
n: clone m -                     => 2
a: exit                          => ok
init: alive a                    => no
init: alive b                    => no
init: alive c                    => no
init: alive n                    => no
init: alive m                    => no
init: getpid                     => 1
