@title: NS_GET_OWNER_UID shows the creator's uid as the caller's user ns maps it
# U5.1: owner uid via from_kuid_munged: 65534 when unmapped in the caller's ns.
@needs: user
init: open init user fi          => ok
init: ioctl fi NS_GET_OWNER_UID  => 0
init: clone u -                  => 2
u: setuid 1000                   => ok
u: unshare user                  => ok
u: open u user fu                => ok
u: ioctl fu NS_GET_OWNER_UID     => 65534
init: open u user fo             => ok
init: ioctl fo NS_GET_OWNER_UID  => 1000
