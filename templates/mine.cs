<?cs include:"header.cs" ?>
<section>
  <h1><?cs var:Lang.mine.title ?></h1>
  <?cs if:Query.deleted ?><p class="notice" role="status"><?cs var:Lang.booking.deleted ?></p><?cs /if ?>
  <?cs if:Query.storno ?><p class="notice" role="status"><?cs var:Lang.booking.stornoed ?></p><?cs /if ?>
  <p class="actions"><a class="btn primary" href="<?cs var:Base.calendar ?>/booking/new"><?cs var:Lang.booking.new_title ?></a><?cs if:User.admin == 1 ?> <a class="btn" href="<?cs var:Base.calendar ?>/trips/missing"><?cs var:Lang.bil.missing.title ?></a><?cs /if ?></p>
  <p><a href="<?cs var:Base.export ?>/invoices/mine"><?cs var:Lang.inv.mine.link ?></a></p>
  <p class="feed-link"><a href="<?cs var:Base.calendar ?>/feed"><?cs var:Lang.feed.link ?></a></p>
  <?cs def:blist(list) ?>
  <table class="list">
    <thead><tr><th><?cs var:Lang.booking.vehicle ?></th><th><?cs var:Lang.booking.start ?></th><th><?cs var:Lang.booking.end ?></th><th><?cs var:Lang.booking.purpose ?></th><th><?cs var:Lang.booking.status ?></th></tr></thead>
    <tbody>
    <?cs each:b = list ?>
    <tr class="st-<?cs var:b.status ?>"><td><a href="<?cs var:Base.calendar ?>/booking/<?cs var:b.id ?>"><?cs var:b.vehicle ?></a></td><td><?cs var:b.start ?></td><td><?cs var:b.end ?></td><td><?cs var:b.purpose ?></td><td><?cs var:Lang.status[b.status] ?></td></tr>
    <?cs /each ?>
    </tbody>
  </table>
  <?cs /def ?>
  <h2><?cs var:Lang.mine.coming ?></h2>
  <?cs if:subcount(Mine.coming) > 0 ?><?cs call:blist(Mine.coming) ?><?cs else ?><p><?cs var:Lang.mine.none ?></p><?cs /if ?>
  <h2><?cs var:Lang.mine.past ?></h2>
  <?cs if:subcount(Mine.past) > 0 ?><?cs call:blist(Mine.past) ?><?cs else ?><p><?cs var:Lang.mine.none ?></p><?cs /if ?>
</section>
<?cs include:"footer.cs" ?>
