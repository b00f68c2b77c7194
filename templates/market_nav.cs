<nav class="subnav" aria-label="<?cs var:Lang.mkt.nav ?>">
  <a href="<?cs var:Base.market ?>"<?cs if:Mkt.section == "market" ?> class="on" aria-current="page"<?cs /if ?>><?cs var:Lang.mkt.list.title ?></a>
  <a href="<?cs var:Base.market ?>/mine"<?cs if:Mkt.section == "mine" ?> class="on" aria-current="page"<?cs /if ?>><?cs var:Lang.mkt.mine.title ?></a>
  <a href="<?cs var:Base.market ?>/mine/bulk"<?cs if:Mkt.section == "bulk" ?> class="on" aria-current="page"<?cs /if ?>><?cs var:Lang.mkt.bulk.title ?></a>
  <a href="<?cs var:Base.market ?>/watchlist"<?cs if:Mkt.section == "watchlist" ?> class="on" aria-current="page"<?cs /if ?>><?cs var:Lang.mkt.watch.title ?></a>
  <a href="<?cs var:Base.market ?>/subscriptions"<?cs if:Mkt.section == "subscriptions" ?> class="on" aria-current="page"<?cs /if ?>><?cs var:Lang.mkt.subs.title ?></a>
  <a href="<?cs var:Base.market ?>/billing"<?cs if:Mkt.section == "billing" ?> class="on" aria-current="page"<?cs /if ?>><?cs var:Lang.shr.bill.title ?></a>
  <?cs if:Mkt.operator == 1 ?><a href="<?cs var:Base.market ?>/operator/minimarkets"<?cs if:Mkt.section == "operator" ?> class="on" aria-current="page"<?cs /if ?>><?cs var:Lang.mkt.op.title ?></a><?cs /if ?>
</nav>
<form class="portal-switch" method="get" action="<?cs var:Mkt.self ?>">
  <p><?cs var:Lang.mkt.portal.current ?> <strong class="portal-name" data-portal="<?cs var:Mkt.portal ?>"><?cs var:Mkt.portal_name ?></strong></p>
  <?cs if:subcount(Portals) > 1 ?>
  <label for="portal"><?cs var:Lang.mkt.portal.switch ?></label>
  <select id="portal" name="portal">
    <?cs each:p = Portals ?><option value="<?cs var:p.id ?>"<?cs if:p.id == Mkt.portal ?> selected<?cs /if ?>><?cs var:p.name ?></option><?cs /each ?>
  </select>
  <button type="submit"><?cs var:Lang.mkt.portal.go ?></button>
  <?cs /if ?>
</form>
