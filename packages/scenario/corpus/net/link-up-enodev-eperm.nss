@title: link-up of a missing device: ENODEV with CAP_NET_ADMIN over the namespace's owner, EPERM without (checked first)
# T1.5, T6.2, T6.1: rtnetlink refuses a change without CAP_NET_ADMIN over net->user_ns before it looks the device up
@needs: user,net
init: link-up nosuch                 => ENODEV
init: link-down nosuch               => ENODEV
init: clone u user                   => 2
u: link-up nosuch                    => EPERM
u: link-up lo                        => EPERM
u: link-down lo                      => EPERM
u: link-state lo                     => DOWN   # reading needs no privilege
u: veth v0 v1                        => EPERM
