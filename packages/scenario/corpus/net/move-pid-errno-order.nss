@title: link-netns-pid checks in order: CAP_NET_ADMIN over the source's owner, the pid, the target's owner, the device
# T2.1, T2.2, T6.1, T6.2: rtnetlink's permission check, then the target is resolved (ESRCH), then its owner is checked, then the device is looked up
@needs: user,pid,net
init: clone x user,pid               => 2
x: link-netns-pid nosuch init        => EPERM    # not even the pid is looked at
init: clone y user,pid,net           => 3
y: link-netns-pid nosuch init        => ESRCH    # init is not visible from y
init: clone z user,net               => 4
z: link-netns-pid nosuch init        => EPERM    # visible, but owned by a user namespace above z's
z: link-netns-pid nosuch z           => ENODEV
