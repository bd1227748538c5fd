@title: unshare of the signal handlers or the memory is refused while another process shares them
# F2.6: a process made with CLONE_SIGHAND|CLONE_VM (no CLONE_THREAD) shares its creator's signal
# handlers; check_unshare_flags refuses CLONE_SIGHAND or CLONE_VM while the handlers are shared
# (EINVAL), for either process, though each is alone in its thread group. Once the other has
# exited, unshare(CLONE_SIGHAND) has nothing to unshare and succeeds.
init: clone a -                  => 2
a: thread p sighand,vm           => 3
p: getpid                        => 3
p: getppid                       => 2
a: unshare - sighand             => EINVAL
p: unshare - vm                  => EINVAL
a: unshare - fs                  => ok
p: exit                          => ok
a: unshare - sighand             => ok
a: unshare - vm                  => ok
