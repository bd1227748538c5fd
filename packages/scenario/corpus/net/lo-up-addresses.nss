@title: bringing lo up gives it carrier, 127.0.0.1/8 and ::1/128; the main table stays empty
# T1.3: lo gets its addresses when it comes up; 127.0.0.0/8 is a route of the local table, which routes does not list
@needs: net
init: link-up lo                     => ok
init: link-state lo                  => UP
init: link-carrier lo                => yes
init: addrs lo                       => 127.0.0.1/8,::1/128
init: routes                         => -
