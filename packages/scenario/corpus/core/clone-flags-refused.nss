@title: clone refuses some flag combinations by the flags alone, before anything is created
@needs: user,mnt,pid,uts
# The flags argument after the types names the clone flags other than CLONE_NEW*.
# F1.1: a child in a new mount namespace cannot share its creator's root and cwd (CLONE_NEWNS|CLONE_FS).
init: clone a mnt fs                 => EINVAL
# F1.2: nor can a child in a new user namespace (CLONE_NEWUSER|CLONE_FS).
init: clone a user fs                => EINVAL
init: clone a - fs                   => 2        # sharing root and cwd is fine otherwise
# F1.3: CLONE_THREAD needs CLONE_SIGHAND, and CLONE_SIGHAND needs CLONE_VM.
init: clone b - thread               => EINVAL
init: clone b - thread,vm            => EINVAL
init: clone b - sighand              => EINVAL
init: clone b - thread,sighand       => EINVAL
# F1.5: a thread cannot be made in a new user or pid namespace.
init: clone b user thread,sighand,vm => EINVAL
init: clone b pid thread,sighand,vm  => EINVAL
# F1.11: clone3 refuses the exit-signal bits in flags (SIGCHLD is 0x11; the exit signal is
# a field of its own), CLONE_DETACHED (0x400000), bits no flag uses (bit 34), and
# CLONE_CLEAR_SIGHAND with CLONE_SIGHAND.
init: clone b - 0x11                 => EINVAL
init: clone b - 0x400000             => EINVAL
init: clone b uts 0x400000000        => EINVAL
init: clone b - sighand,vm,clear_sighand => EINVAL
init: clone b - clear_sighand        => 3        # alone, it resets the child's handlers
init: alive b                        => yes
init: ns uts                         => uts:1    # the refused clone of b made no uts namespace
