@title: lo cannot leave its namespace: EINVAL, by fd or by pid, whatever the target holds
# T2.3: loopback is netns-immutable
@needs: net
init: clone a net                    => 2
init: link-netns lo a                => EINVAL
init: link-netns-pid lo a            => EINVAL
a: link-netns lo init                => EINVAL
init: links                          => lo
