@title: a process with two threads cannot unshare a user namespace; with one again, it can
# F2.5: CLONE_NEWUSER implies CLONE_THREAD (and CLONE_FS) in ksys_unshare, and check_unshare_flags
# refuses CLONE_THREAD while the caller's thread group has another thread: the leader and its
# thread both get EINVAL. unshare(CLONE_NEWUTS) implies no thread flag and succeeds.
@needs: user,uts
init: clone a -                  => 2
a: thread t                      => 3
a: unshare user                  => EINVAL
t: unshare user                  => EINVAL
a: unshare uts                   => ok
t: exit                          => ok
a: unshare user                  => ok
a: ns user                       => user:2
