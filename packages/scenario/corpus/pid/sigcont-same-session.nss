@title: SIGCONT may be sent to any process of the sender's session, whatever the credentials
# P3.12 check_kill_permission (kernel/signal.c): when kill_ok_by_cred fails, SIGCONT still passes if the target is in
# the sender's session (every task of a scenario is in one session); found by nsproxy fuzz.
@needs: pid
# The rules of the errors it shows: C10.3.
init: clone a -                    => 2
init: clone b -                    => 3
b: setuid 1000                     => ok
b: kill a SIGUSR1                  => EPERM
b: kill a SIGSTOP                  => EPERM
init: kill a SIGSTOP               => ok
a: getpid                          => ESTOPPED
b: kill a SIGCONT                  => ok
a: getpid                          => 2
b: kill init SIGCONT               => ok
