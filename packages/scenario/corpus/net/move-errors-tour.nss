@title: moving a link to another namespace: the errors in the order the kernel checks them (lo, no such link, no such task, a name taken, pid not visible, ptrace, CAP_NET_ADMIN)
@needs: net,pid,user
# T2.3, T6.2, T2.1, T2.4, T2.2 (docs/net-namespaces.md, moving a link: the errors in the order the kernel checks)
# The rules of the errors it shows: N2.3, N2.7, T2.1, T2.3, T2.4, T6.1, T6.2.
init: clone a net                    => 2
init: veth v0 v1                     => ok
init: link-netns lo a                => EINVAL
init: link-netns v9 a                => ENODEV
init: link-netns v1 gone             => ENOENT
a: veth v1 x                         => ok
init: link-netns v1 a                => EEXIST
init: link-netns-pid v0 a            => ok
a: links                             => lo,v0,v1,x
init: clone p pid,net                => 3
p: veth q0 q1                        => ok
p: link-netns-pid q1 init            => ESRCH   # init has no pid in p's pid namespace
init: clone u user,net               => 4
u: veth y0 y1                        => ok      # u's own namespace: root of its owner
u: link-netns y1 init                => EACCES  # u may not ptrace init
u: link-netns-pid y1 init            => EPERM   # no CAP_NET_ADMIN over the owner of init's
