<?cs include:"header.cs" ?>
<?cs include:"market_nav.cs" ?>
<section class="market-portal">
  <h1><?cs var:Lang.mkt.portal.choose_title ?></h1>
  <p class="hint"><?cs var:Lang.mkt.portal.choose_hint ?></p>
  <ul class="portal-choice">
    <?cs each:p = Portals ?>
    <li><a class="btn<?cs if:p.id == Mkt.portal ?> primary<?cs /if ?>" href="<?cs var:Base.market ?>/portal?portal=<?cs var:p.id ?>"<?cs if:p.id == Mkt.portal ?> aria-current="true"<?cs /if ?>><?cs var:p.name ?></a></li>
    <?cs /each ?>
  </ul>
  <p><a class="go-market" href="<?cs var:Base.market ?>"><?cs var:Lang.mkt.portal.go_market ?></a> · <a class="go-calendar" href="<?cs var:Base.calendar ?>"><?cs var:Lang.mkt.portal.go_calendar ?></a></p>
</section>
<?cs include:"footer.cs" ?>
