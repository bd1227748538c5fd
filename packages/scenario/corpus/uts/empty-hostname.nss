@title: an empty hostname is accepted (length 0)
# Q2.7: a length of 0 stores no byte and zeroes the field
# Q2.6; length 0 gives an empty nodename
@needs: uts
init: clone a uts                => 2
a: sethostname ""                => ok
a: hostname                      => -
a: setdomainname ""              => ok
a: domainname                    => -
init: hostname                   => nsproxy
