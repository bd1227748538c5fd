@title: setns into a time namespace needs a single-threaded caller
# I8.1: timens_install refuses a caller that is not single-threaded (current_is_single_threaded):
# EUSERS, for the leader and its other thread alike, and for a process whose memory another
# process shares (made with CLONE_SIGHAND|CLONE_VM); once the other thread or process has
# exited, the caller enters.
@needs: time
init: clone b time               => 2
init: clone a -                  => 3
a: thread t                      => 4
a: setns b time                  => EUSERS
t: setns b time                  => EUSERS
t: exit                          => ok
a: setns b time                  => ok
a: ns time                       => time:2
init: clone c -                  => 5
c: thread p sighand,vm           => 6
c: setns b time                  => EUSERS
p: setns b time                  => EUSERS
p: exit                          => ok
c: setns b time                  => ok
