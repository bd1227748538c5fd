@title: link-netns opens the target's ns file first: ENOENT for a task gone, EACCES across user namespaces
# T2.1, N2.7, T6.2, N2.3, T6.1: the fd comes from opening /proc/<pid>/ns/net, with its ptrace check, before any rtnetlink request
@needs: user,net
init: veth v0 v1                     => ok
init: clone a net                    => 2
a: exit                              => ok
init: link-netns v1 a                => ENOENT
init: link-netns nosuch a            => ENOENT
init: link-netns nosuch nobody       => ENOENT
init: link-netns nosuch init         => ENODEV
init: clone b user,net               => 3
b: veth b0 b1                        => ok
b: link-netns b1 init                => EACCES   # opening init's ns file fails the ptrace check
b: link-netns-pid b1 init            => EPERM    # by pid there is no file to open
