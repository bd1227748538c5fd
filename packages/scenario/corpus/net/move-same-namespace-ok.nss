@title: moving a link to the namespace it is in succeeds and changes nothing, even for lo
# T2.4, T2.3: the same-namespace case returns before the immutable check
@needs: net
init: veth v0 v1                     => ok
init: clone a -                      => 2
init: link-netns v1 a                => ok
init: link-netns lo init             => ok
init: link-netns-pid lo a            => ok
init: links                          => lo,v0,v1
init: ifindex v1                     => 2
