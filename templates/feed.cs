<?cs include:"header.cs" ?>
<section class="narrow">
  <h1><?cs var:Lang.feed.title ?></h1>
  <p><?cs var:Lang.feed.intro ?></p>
  <p class="mymail-link"><a href="<?cs var:Base.login ?>/mail"><?cs var:Lang.mymail.link ?></a></p>
  <?cs include:"errors.cs" ?>
  <?cs if:Feed.revoked ?><p class="notice" role="status"><?cs var:Lang.feed.revoked ?></p><?cs /if ?>
  <?cs if:Feed.new.webcal ?>
  <div class="notice feed-new" role="status">
    <p><?cs var:Lang.feed.new ?></p>
    <p><a class="feed-webcal" href="<?cs var:Feed.new.webcal ?>"><?cs var:Lang.feed.subscribe ?></a></p>
    <p><code class="feed-url"><?cs var:Feed.new.http ?></code></p>
  </div>
  <?cs /if ?>
  <h2><?cs var:Lang.feed.mine ?></h2>
  <?cs if:Feed.since ?><p class="feed-on"><?cs var:Lang.feed.on_since ?> <?cs var:Feed.since ?></p><?cs else ?><p class="feed-off"><?cs var:Lang.feed.off ?></p><?cs /if ?>
  <form method="post" action="<?cs var:Base.calendar ?>/feed" class="inline">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <button type="submit" name="action" value="enable" class="primary"><?cs if:Feed.since ?><?cs var:Lang.feed.regenerate ?><?cs else ?><?cs var:Lang.feed.enable ?><?cs /if ?></button>
    <?cs if:Feed.since ?><button type="submit" name="action" value="revoke"><?cs var:Lang.feed.revoke ?></button><?cs /if ?>
  </form>
  <?cs if:subcount(Feed.vehicles) > 0 ?>
  <h2><?cs var:Lang.feed.vehicles ?></h2>
  <?cs if:Feed.vnew.webcal ?>
  <div class="notice feed-vnew" role="status">
    <p><?cs var:Lang.feed.new ?></p>
    <p><a class="feed-webcal" href="<?cs var:Feed.vnew.webcal ?>"><?cs var:Lang.feed.subscribe ?></a></p>
    <p><code class="feed-url"><?cs var:Feed.vnew.http ?></code></p>
  </div>
  <?cs /if ?>
  <table class="list">
    <tbody>
    <?cs each:v = Feed.vehicles ?>
    <tr><td><?cs var:v.name ?></td><td><?cs if:v.since ?><?cs var:Lang.feed.on_since ?> <?cs var:v.since ?><?cs else ?><?cs var:Lang.feed.off ?><?cs /if ?></td>
      <td><form method="post" action="<?cs var:Base.calendar ?>/feed/vehicle/<?cs var:v.id ?>" class="inline">
        <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
        <button type="submit" name="action" value="enable"><?cs if:v.since ?><?cs var:Lang.feed.regenerate ?><?cs else ?><?cs var:Lang.feed.enable ?><?cs /if ?></button>
        <?cs if:v.since ?><button type="submit" name="action" value="revoke"><?cs var:Lang.feed.revoke ?></button><?cs /if ?>
      </form></td></tr>
    <?cs /each ?>
    </tbody>
  </table>
  <?cs /if ?>
</section>
<?cs include:"footer.cs" ?>
