@title: setns into a child user namespace works (full caps, ids unmapped); back up or sideways is EPERM
@needs: user
# I5.4, I5.6; LTP userns04; gVisor ChangeUserNamespaceRejectsMissingTargetCapability
init: clone a user                => 2
init: open a user fa              => ok
init: open init user fi           => ok
init: clone s user                => 3     # s inherits fa and fi
init: clone b -                   => 4     # b inherits fa and fi
s: setns-fd fa                    => EPERM # a sibling: no CAP_SYS_ADMIN in user:2
b: setns-fd fa                    => ok    # CAP_SYS_ADMIN in user:1 covers user:2
b: ns user                        => user:2
b: caps                           => 000001ffffffffff
b: id                             => uid=65534 gid=65534
b: setns-fd fi                    => EPERM # an ancestor is never enterable
b: ns user                        => user:2
