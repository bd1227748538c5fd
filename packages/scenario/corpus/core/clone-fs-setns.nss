@title: a task that shares its root and cwd (CLONE_FS) may not enter a user or mount namespace until it unshares them
@needs: user,mnt
init: clone u user                   => 2
init: clone m mnt                    => 3
init: clone a - fs                   => 4        # a and init share one fs_struct
# I5.3: a caller that shares its fs_struct may not enter a user namespace.
a: setns u user                      => EINVAL
# I3.3: nor a mount namespace.
a: setns m mnt                       => EINVAL
init: setns m mnt                    => EINVAL   # init shares it as much as a does
# F2.7: unshare(CLONE_FS) gives a a private copy; init's is no longer shared either.
a: unshare - fs                      => ok
a: unshare - fs                      => ok       # a private one is kept
a: setns m mnt                       => ok
a: setns u user                      => ok
# F2.3: unshare(CLONE_NEWUSER) adds CLONE_FS, and CLONE_NEWNS adds it too.
init: clone b - fs                   => 5
b: clone c - fs                      => 6        # init, b and c share one fs_struct
b: unshare user                      => ok       # b's is now a copy of its own
c: setns m mnt                       => EINVAL   # c still shares with init
c: unshare mnt                       => ok       # so c's is private too
c: setns m mnt                       => ok
init: setns m mnt                    => ok       # nobody shares init's any more
