@title: only a single-threaded process may enter a user namespace
# I5.2: userns_install refuses a caller whose thread group has another thread (EINVAL), its leader
# and its other thread alike; once the thread has exited, the leader enters.
@needs: user
init: clone u user               => 2
init: clone a -                  => 3
a: thread t                      => 4
a: setns u user                  => EINVAL
t: setns u user                  => EINVAL
t: exit                          => ok
a: setns u user                  => ok
a: ns user                       => user:2
