@title: a namespace gives another an id on request, once: a namespace that has one, or an id given, is EEXIST; -1 takes the lowest free id
# T5.3: RTM_NEWNSID; each namespace's ids are its own, and not symmetric
@needs: net
init: clone a net                    => 2
init: clone b net                    => 3
init: nsid a                         => -1
init: nsid-set a 12                  => ok
init: nsid a                         => 12
init: nsid-set a 13                  => EEXIST   # a has an id here already
init: nsid-set b 12                  => EEXIST   # 12 is given
init: nsid-set b -1                  => ok
init: nsid b                         => 0
init: nsids                          => 0,12
a: nsid init                         => -1       # a gave init none
a: nsids                             => -
a: nsid-set a 22                     => ok       # a namespace may give itself an id
a: nsid a                            => 22
b: nsid-set a 22                     => ok       # b's ids are its own
b: nsids                             => 22
