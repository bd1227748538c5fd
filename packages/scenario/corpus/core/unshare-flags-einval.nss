@title: unshare takes only its own flags: anything else is EINVAL and changes nothing
@needs: uts
init: clone a -                      => 2
# F2.1: unshare takes CLONE_THREAD, CLONE_FS, CLONE_SIGHAND, CLONE_VM, CLONE_FILES, CLONE_SYSVSEM and CLONE_NEW*.
a: unshare - parent                  => EINVAL
a: unshare uts parent                => EINVAL
a: unshare - clear_sighand           => EINVAL   # bit 32: unshare's flags are an unsigned long
a: unshare - 0x11                    => EINVAL   # an exit signal is no unshare flag
a: unshare - 0x400000000             => EINVAL
a: ns uts                            => uts:1    # no uts namespace was made
a: unshare - fs,files,sysvsem        => ok
a: unshare uts thread,sighand,vm     => ok       # one thread, handlers not shared: nothing to do
a: ns uts                            => uts:2
