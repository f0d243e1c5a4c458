# `make install PREFIX=/usr/local [DESTDIR=...]` and `make uninstall`.
#
# Installed layout (racetest finds its runtime relative to its own path,
# runner/cc/layout.h, so any PREFIX works without configuration):
#   PREFIX/bin/racetest, PREFIX/bin/racetest-cc
#   PREFIX/lib/racetest/        runtime archive, dynamic list, rt-libs, ...
#   PREFIX/include/racetest.h   annotations
#   PKGCONFIGDIR/racetest.pc    Cflags for compiling, Libs for linking programs

PKGCONFIGDIR ?= $(PREFIX)/lib/pkgconfig
RACETEST_VERSION_STRING = $(shell sed -n 's/^\#define RACETEST_VERSION "\(.*\)"/\1/p' runner/version.h)
INSTALL_HEADERS = $(wildcard include/*.h)

.PHONY: install uninstall
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/racetest \
		$(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PKGCONFIGDIR)
	install -m 755 $(BIN)/racetest $(BIN)/racetest-cc $(DESTDIR)$(PREFIX)/bin/
	cp -R $(LIBDIR)/. $(DESTDIR)$(PREFIX)/lib/racetest/
	chmod -R u+rwX,go+rX,go-w $(DESTDIR)$(PREFIX)/lib/racetest
	$(if $(INSTALL_HEADERS),install -m 644 $(INSTALL_HEADERS) $(DESTDIR)$(PREFIX)/include/)
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(RACETEST_VERSION_STRING)|g' \
		-e 's|@RT_LIBS@|$(strip $(RT_LIBS))|g' runner/racetest.pc.in \
		> $(DESTDIR)$(PKGCONFIGDIR)/racetest.pc
	chmod 644 $(DESTDIR)$(PKGCONFIGDIR)/racetest.pc

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/racetest $(DESTDIR)$(PREFIX)/bin/racetest-cc
	rm -rf $(DESTDIR)$(PREFIX)/lib/racetest
	rm -f $(addprefix $(DESTDIR)$(PREFIX)/include/,$(notdir $(INSTALL_HEADERS)))
	rm -f $(DESTDIR)$(PKGCONFIGDIR)/racetest.pc
