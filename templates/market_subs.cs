<?cs include:"header.cs" ?>
<?cs include:"market_nav.cs" ?>
<section>
  <h1><?cs var:Lang.mkt.subs.title ?></h1>
  <?cs if:Query.subscribed ?><p class="notice" role="status"><?cs var:Lang.mkt.subs.done ?></p><?cs /if ?>
  <?cs if:Query.cancelled ?><p class="notice" role="status"><?cs var:Lang.mkt.subs.cancelled ?></p><?cs /if ?>
  <form method="get" action="<?cs var:Base.market ?>/subscriptions" class="filters">
    <label class="inline"><input type="checkbox" name="watch" value="1"<?cs if:Form.watch == 1 ?> checked<?cs /if ?>> <?cs var:Lang.mkt.subs.show_watch ?></label>
    <button type="submit"><?cs var:Lang.mkt.filter.apply ?></button>
  </form>
  <table class="list subscriptions" tabindex="0">
    <thead><tr><th><?cs var:Lang.mkt.sub.local_name ?></th><th><?cs var:Lang.mkt.sub.local_descr ?></th><th><?cs var:Lang.mkt.sub.area ?></th><th><?cs var:Lang.mkt.col.vehicle ?></th><th><?cs var:Lang.mkt.col.org ?></th><th><?cs var:Lang.mkt.col.rate ?></th><th><?cs var:Lang.mkt.sub.since ?></th><th></th></tr></thead>
    <tbody>
    <?cs each:s = Subs ?>
    <tr data-subscription="<?cs var:s.id ?>"><td><a href="<?cs var:Base.market ?>/subscriptions/<?cs var:s.id ?>"><?cs var:s.lname ?></a><?cs if:s.visible != 1 ?> <small>(<?cs var:Lang.mkt.sub.hidden ?>)</small><?cs /if ?></td><td><?cs var:s.ldescr ?></td><td><?cs var:s.area ?></td><td><?cs var:s.vehicle ?></td><td><?cs var:s.org ?></td><td><?cs var:s.rate ?></td><td><?cs var:s.created ?></td>
      <td><form method="post" action="<?cs var:Base.market ?>/subscriptions/<?cs var:s.id ?>/cancel"><input type="hidden" name="csrf" value="<?cs var:User.csrf ?>"><button type="submit" class="danger"<?cs if:s.future > 0 ?> aria-describedby="future-<?cs var:s.id ?>"<?cs /if ?>><?cs var:Lang.mkt.subs.cancel ?></button></form><?cs if:s.future > 0 ?><small class="hint" id="future-<?cs var:s.id ?>" data-future="<?cs var:s.future ?>"><?cs var:s.future_msg ?></small><?cs /if ?></td></tr>
    <?cs /each ?>
    </tbody>
  </table>
  <?cs if:subcount(Subs) == 0 ?><p class="none"><?cs var:Lang.mkt.subs.none ?></p><?cs /if ?>
  <?cs if:Form.watch == 1 ?>
  <h2><?cs var:Lang.mkt.watch.title ?></h2>
  <ul class="watchlist"><?cs each:w = Rows ?><li data-vehicle="<?cs var:w.id ?>"><a href="<?cs var:Base.market ?>/vehicle/<?cs var:w.id ?>"><?cs var:w.name ?></a> – <?cs var:w.org ?>, <?cs var:w.rate ?><?cs if:w.offered != 1 ?> (<?cs var:Lang.mkt.watch.withdrawn ?>)<?cs /if ?></li><?cs /each ?></ul>
  <?cs if:subcount(Rows) == 0 ?><p><?cs var:Lang.mkt.watch.empty ?></p><?cs /if ?>
  <?cs /if ?>
</section>
<?cs include:"footer.cs" ?>
