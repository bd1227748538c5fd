@title: a veth pair is made with both ends in the actor's namespace; a name in use gives EEXIST and nothing
# T2.6, T6.3: veth creates two linked devices; NLM_F_CREATE|NLM_F_EXCL refuses a name that exists
@needs: net
init: veth v0 v1                     => ok
init: links                          => lo,v0,v1
init: link-state v0                  => DOWN
init: veth v0 v2                     => EEXIST   # the name exists
init: veth v2 v1                     => EEXIST   # the peer's name exists
init: veth v2 lo                     => EEXIST
init: veth v2 v2                     => EEXIST   # one name for both ends
init: links                          => lo,v0,v1
