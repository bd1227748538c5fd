@title: a link's operstate: lo UNKNOWN when up; a veth end LOWERLAYERDOWN while its peer has no carrier, UP with one; DOWN while down, and when its iflink names no link of its namespace
# T6.9, T6.6: linkwatch's default_operstate on each carrier change
@needs: net
init: link-operstate lo              => DOWN
init: link-up lo                     => ok
init: link-operstate lo              => UNKNOWN
init: veth v0 v1                     => ok
init: link-operstate v0              => DOWN
init: link-up v0                     => ok
init: link-operstate v0              => LOWERLAYERDOWN
init: link-up v1                     => ok
init: link-operstate v0              => UP
init: link-operstate v1              => UP
init: link-down v1                   => ok
init: link-operstate v0              => LOWERLAYERDOWN
init: clone a net                    => 2
init: link-netns v1 a                => ok
init: link-operstate v0              => LOWERLAYERDOWN   # no carrier change: the state stays
a: link-up v1                        => ok
init: link-operstate v0              => UP
a: link-down v1                      => ok
init: link-operstate v0              => DOWN             # v1's index names no link in init's namespace
