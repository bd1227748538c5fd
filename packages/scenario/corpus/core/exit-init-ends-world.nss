@title: when init exits, every task of its pid namespace is killed
# P3.8: zap_pid_ns_processes sends SIGKILL to every other task of the namespace.
@needs: pid
init: clone a -                  => 2
a: clone b -                     => 3
init: exit                       => ok
a: alive b                       => ENOTASK
b: ns pid                        => ENOTASK
init: alive a                    => ENOTASK
